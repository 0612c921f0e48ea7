// Node resolve hook: tfjs-core's ESM files (e.g. dist/register_all_gradients.js, which training
// needs) use extensionless and directory imports that Node's ESM resolver rejects; retry those with
// ".js" and "/index.js". Only relative imports from inside @tensorflow packages are touched.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const parent = context.parentURL ?? '';
    if (!specifier.startsWith('.') || !parent.includes('/node_modules/@tensorflow/')) throw err;
    for (const suffix of ['.js', '/index.js']) {
      try {
        return await nextResolve(specifier + suffix, context);
      } catch {
        // try the next form
      }
    }
    throw err;
  }
}
