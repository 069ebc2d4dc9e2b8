/**
 * Benchmark runner: `npm run bench -- [--objects N] [--only name,name]`.
 * Each bench file exports one function taking (emit, opts); `benches` is the
 * list of them, run in order. `--only` picks some by name.
 *
 * Each bench, and each phase of the cluster bench, runs in a fresh process
 * (this file again, with the same Node flags and `--in-process`), so that a
 * figure measures its own work only: a process keeps memory and compiled code
 * from what ran before (the 100,000-pod storage bench, 10,000 Services of
 * rules), and the held cluster's RSS would carry them. A figure and the
 * baseline it is compared with still run in the same process.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { emitLine, type BenchLine } from './bench-line'
import { runStorageBench } from './storage.bench'
import { runSchedulerBench } from './scheduler.bench'
import { runNetworkRulesBench } from './network-rules.bench'
import { runApiBench } from './api.bench'
import { runPacketTraceBench } from './packet-trace.bench'
import { clusterBenchPhases, runClusterBench } from './cluster.bench'

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

/** Runs one bench (with env added) in a child process of this runner; rejects if it fails. */
function runIsolated(name: string, argv: string[], env: Record<string, string> = {}): Promise<void> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), ...argv, '--only', name, '--in-process']
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`bench ${name} ${JSON.stringify(env)} failed: ${signal ?? `exit ${code}`}`))))
  })
}

const argv = process.argv.slice(2)
const opts: BenchOptions = { objects: parseObjects(flag(argv, '--objects')) }
const only = flag(argv, '--only')?.split(',')
const unknown = only?.filter((name) => !benches.some(([n]) => n === name)) ?? []
if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${benches.map(([n]) => n).join(', ')}`)
const picked = benches.filter(([name]) => !only || only.includes(name))

if (argv.includes('--in-process')) {
  for (const [, run] of picked) await run(emitLine, opts)
} else {
  const passOn = argv.includes('--objects') ? ['--objects', String(opts.objects)] : []
  for (const [name] of picked) {
    if (name === 'cluster') for (const phase of clusterBenchPhases()) await runIsolated(name, passOn, { CLUSTER_BENCH_PHASES: phase })
    else await runIsolated(name, passOn)
  }
}
