/// <reference types="vitest/config" />
// Vite serves and builds the lab; the same headers on dev and preview make the page
// cross-origin isolated (wasm threads) under a CSP that allows WebAssembly and workers but no eval.
import { defineConfig } from 'vite';

/** Where models and datasets may come from when the user has internet (Hugging Face hub + CDN). */
const MODEL_HOSTS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co', 'https://raw.githubusercontent.com'];

function csp(dev: boolean): string {
  const connect = ["'self'", ...MODEL_HOSTS, ...(dev ? ['ws://localhost:*'] : [])];
  return [
    "default-src 'self'",
    // blob: for the wasm backend's thread workers, which importScripts() a blob of the Emscripten module.
    "script-src 'self' 'wasm-unsafe-eval' blob:",
    "worker-src 'self' blob:",
    `connect-src ${connect.join(' ')}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

export const securityHeaders = (dev: boolean): Record<string, string> => ({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': csp(dev),
});

export default defineConfig({
  server: { port: 5173, strictPort: true, host: 'localhost', headers: securityHeaders(true) },
  preview: { port: 4173, strictPort: true, host: 'localhost', headers: securityHeaders(false) },
  oxc: { jsx: { runtime: 'automatic' } },
  // Pre-bundled at dev-server start: a dependency found later (a dynamic import, a worker's import)
  // makes Vite re-optimize and reload the page, which kills an e2e test's page.evaluate mid-run.
  optimizeDeps: {
    include: [
      '@huggingface/tokenizers',
      '@huggingface/jinja',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      '@mlc-ai/web-llm',
      'dexie',
      'dexie-react-hooks',
      'fflate',
      'papaparse',
      'recharts',
      'zustand',
      'zustand/vanilla',
    ],
  },
  worker: {
    format: 'es',
    // The wasm backend rebuilds its threads' script from Function.prototype.toString() of a function
    // that must stay self-contained; minifying (renaming or folding its typeof guards) breaks threads.
    rolldownOptions: { output: { minify: false } },
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
