/**
 * Benchmark runner: `npm run bench -- [--objects N]`. Each bench file exports
 * one function taking (emit, opts); this is the list of them, run in order.
 */
import { emitLine } from './bench-line'
import { runStorageBench } from './storage.bench'
import { runSchedulerBench } from './scheduler.bench'

function parseObjects(argv: string[]): number {
  const at = argv.indexOf('--objects')
  if (at < 0) return 100_000
  const n = Number(argv[at + 1])
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--objects needs a positive integer, got ${argv[at + 1]}`)
  return n
}

const opts = { objects: parseObjects(process.argv.slice(2)) }

await runStorageBench(emitLine, opts)
await runSchedulerBench(emitLine)
