/**
 * Benchmark runner: `npm run bench -- [--objects N] [--only name,name]`.
 * Each bench file exports one function taking (emit, opts); `benches` is the
 * list of them, run in order. `--only` picks some by name.
 */
import { emitLine, type BenchLine } from './bench-line'
import { runStorageBench } from './storage.bench'
import { runSchedulerBench } from './scheduler.bench'
import { runNetworkRulesBench } from './network-rules.bench'
import { runApiBench } from './api.bench'
import { runPacketTraceBench } from './packet-trace.bench'
import { runClusterBench } from './cluster.bench'

export interface BenchOptions {
  /** Object count for the storage figures (default 100,000). */
  objects: number
}

type Bench = (emit: (line: BenchLine) => void, opts: BenchOptions) => Promise<void>

/** Every benchmark, by name, in run order. Adding one is adding a line. */
const benches: [string, Bench][] = [
  ['storage', runStorageBench],
  ['scheduler', () => runSchedulerBench(emitLine)],
  ['network-rules', (emit) => runNetworkRulesBench(emit)],
  ['api', (emit) => runApiBench(emit)],
  ['packet-trace', (emit) => runPacketTraceBench(emit)],
  ['cluster', (emit) => runClusterBench(emit)]
]

function flag(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name)
  return at < 0 ? undefined : argv[at + 1]
}

function parseObjects(value: string | undefined): number {
  if (value === undefined) return 100_000
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--objects needs a positive integer, got ${value}`)
  return n
}

const argv = process.argv.slice(2)
const opts: BenchOptions = { objects: parseObjects(flag(argv, '--objects')) }
const only = flag(argv, '--only')?.split(',')
const unknown = only?.filter((name) => !benches.some(([n]) => n === name)) ?? []
if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${benches.map(([n]) => n).join(', ')}`)

for (const [name, run] of benches) {
  if (only && !only.includes(name)) continue
  await run(emitLine, opts)
}
