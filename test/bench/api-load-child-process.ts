import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/** One run of the load generator: so many requests, how long, their latency. */
export interface LoadResult {
  requests: number
  seconds: number
  p50: number
  p99: number
  errors: number
  firstError?: number
}

/** What the load generator is asked to do (see api-load-child.ts). */
export interface LoadJob {
  url: string
  ca: string
  cert?: string
  key?: string
  method: string
  path: string
  body?: string
  contentType?: string
  accept?: string
  concurrency: number
  durationMs: number
  cycle?: number
}

/** Starts api-load-child.ts in a process of its own; it runs one job at a time. */
export function startLoadChild(): { run(job: LoadJob): Promise<LoadResult>; stop(): void } {
  const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs')
  const child = spawn(process.execPath, [tsx, join(import.meta.dirname, 'api-load-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const waiting: Array<(r: LoadResult) => void> = []
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as LoadResult))
  return {
    run: (job) =>
      new Promise((resolve) => {
        waiting.push(resolve)
        child.stdin.write(JSON.stringify(job) + '\n')
      }),
    stop: () => child.kill()
  }
}
