// The folder-level import check of src/ (a gate of `npm test`): every value import between top-level
// folders follows the layers of scripts/layers.mjs, and no cycle runs through the folders. Prints each
// violation and each cycle with the imports behind it; exits 1 when there is any.
// Run: node scripts/check-layers.mjs [SRC_DIR]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTestFile, LAYERS, layerOf } from './layers.mjs';


/** Every relative import of a source text that brings a value (type-only imports and `import type` skipped). */
export function valueImports(text) {
  const out = [];
  const re = /^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const spec = m[3] ?? m[4];
    if (!spec.startsWith('.')) continue;
    if (m[1]) continue;
    const names = (m[2] ?? '').trim();
    if (/^\{[^}]*\}$/.test(names)) {
      const parts = names.slice(1, -1).split(',').map((n) => n.trim()).filter((n) => n !== '');
      if (parts.length > 0 && parts.every((n) => n.startsWith('type '))) continue;
    }
    out.push(spec);
  }
  return out;
}

/** Folder → folder edges of the value imports of src/ (tests excluded), each with the file imports behind it. */
export function folderEdges(srcDir) {
  const edges = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !isTestFile(path)) {
        const from = relative(srcDir, path).split(sep);
        if (from.length < 2) continue; // main.tsx: the page's entry, above every layer
        for (const spec of valueImports(readFileSync(path, 'utf8'))) {
          const to = relative(srcDir, resolve(dirname(path), spec)).split(sep);
          if (to.length < 2 || to[0] === '..' || to[0] === from[0]) continue;
          const key = `${from[0]} -> ${to[0]}`;
          if (!edges.has(key)) edges.set(key, []);
          edges.get(key).push(`${from.join('/')} imports ${spec}`);
        }
      }
    }
  };
  walk(srcDir);
  return edges;
}

/** Imports that point up the layers, or come from or go to a folder the table does not name. */
export function layerViolations(edges) {
  const out = [];
  for (const [key, why] of edges) {
    const [a, b] = key.split(' -> ');
    const la = layerOf(a);
    const lb = layerOf(b);
    if (la === undefined || lb === undefined) out.push(`${key}: folder "${la === undefined ? a : b}" is not in scripts/layers.mjs (${why[0]})`);
    else if (lb > la) out.push(`${key}: ${LAYERS[la].name} must not import ${LAYERS[lb].name} (${why.join('; ')})`);
  }
  return out.sort();
}

/** Cycles of the folder graph: each strongly connected set of two or more folders. */
export function folderCycles(edges) {
  const graph = new Map();
  for (const key of edges.keys()) {
    const [a, b] = key.split(' -> ');
    if (!graph.has(a)) graph.set(a, []);
    if (!graph.has(b)) graph.set(b, []);
    graph.get(a).push(b);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const connect = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)) {
      if (!idx.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const set = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        set.push(w);
      } while (w !== v);
      if (set.length > 1) out.push(set.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) connect(v);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const srcDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const edges = folderEdges(srcDir);
  const violations = layerViolations(edges);
  const cycles = folderCycles(edges);
  for (const v of violations) console.error(`layer: ${v}`);
  for (const c of cycles) {
    const inside = [...edges].filter(([k]) => c.includes(k.split(' -> ')[0]) && c.includes(k.split(' -> ')[1]));
    console.error(`cycle: ${c.join(' ↔ ')}\n${inside.map(([k, why]) => `  ${k}: ${why.join('; ')}`).join('\n')}`);
  }
  console.log(`${edges.size} folder imports in ${srcDir}: ${violations.length} against the layers, ${cycles.length} cycles`);
  process.exit(violations.length + cycles.length === 0 ? 0 : 1);
}
