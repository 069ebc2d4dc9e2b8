import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { WorkerOptions } from './worker-protocol'

/**
 * Starts the persistence worker (persistence-worker.ts) from wherever this
 * code runs:
 *   - from the TypeScript sources (tsx: `npm run serve`, the benchmarks;
 *     vitest): the worker is TypeScript too, so it loads through tsx's API
 *     (tsImport), which Node 20 workers need (they do not inherit tsx's
 *     loader hooks);
 *   - from the electron-vite build: electron.vite.config.ts emits the worker
 *     as its own entry, out/main/storage-worker.js, next to index.js (or one
 *     level up, should this code land in a chunk under out/main/).
 */

/** The file name of the built worker (electron.vite.config.ts: main.build.rollupOptions.input). */
export const BUILT_WORKER = 'storage-worker.js'

function builtWorker(here: string): string {
  const dir = dirname(fileURLToPath(here))
  const candidates = [join(dir, BUILT_WORKER), join(dir, '..', BUILT_WORKER)]
  const found = candidates.find((file) => existsSync(file))
  if (!found) throw new Error(`storage: persistence worker not found (looked for ${candidates.join(', ')})`)
  return found
}

/**
 * The worker's young generation: V8's default for a 64-bit heap (16 MiB
 * semi-spaces), whatever --max-semi-space-size the process was started with
 * (worker isolates take the process's flags). The cluster's thread runs with
 * larger semi-spaces (package.json: fewer scavenges of objects that mostly
 * survive); the worker holds NeDB's documents and would only carry the
 * larger young generation as RSS.
 */
const WORKER_YOUNG_GENERATION_MB = 48

export function startPersistenceWorker(options: WorkerOptions): Worker {
  const here = import.meta.url
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
  if (!here.endsWith('.ts')) return new Worker(builtWorker(here), { workerData: options, resourceLimits })
  const require = createRequire(here)
  const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href
  const entry = new URL('./persistence-worker.ts', here).href
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`
  return new Worker(code, { eval: true, workerData: options, resourceLimits })
}
