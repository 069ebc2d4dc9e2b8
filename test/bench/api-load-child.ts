/**
 * The load generator of the API benchmark, in a process of its own so that
 * the clients' work (TLS, reading answers) does not share the measured
 * server's event loop. Reads one job per line on stdin, runs it, and writes
 * one result per line on stdout.
 *
 * A job is a LoadJob, the result a LoadResult (api-load-child-process.ts).
 * In `path` and `body`, `{n}` becomes a number unique to each request, so
 * creates name new objects (`cycle` makes it count round a fixed set).
 */
import { Agent, request } from 'node:https'
import { createInterface } from 'node:readline'
import type { LoadJob as Job, LoadResult } from './api-load-child-process'

let unique = 0

function once(agent: Agent, job: Job, host: string, port: string): Promise<number> {
  const n = String(job.cycle ? unique++ % job.cycle : unique++)
  const body = job.body?.replaceAll('{n}', n)
  return new Promise((resolve) => {
    const req = request(
      {
        host,
        port,
        method: job.method,
        path: job.path.replaceAll('{n}', n),
        agent,
        headers: { accept: job.accept ?? 'application/json', ...(body ? { 'content-type': job.contentType ?? 'application/json' } : {}) }
      },
      (res) => {
        res.on('data', () => undefined)
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', () => resolve(0))
      }
    )
    req.on('error', () => resolve(0))
    req.end(body)
  })
}

async function run(job: Job): Promise<LoadResult> {
  const { hostname, port } = new URL(job.url)
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency, ca: job.ca, cert: job.cert, key: job.key })
  const latencies: number[] = []
  let errors = 0
  let firstError: number | undefined
  // Warm the connections first: TLS handshakes are not what is measured.
  await Promise.all(Array.from({ length: job.concurrency }, () => once(agent, { ...job, method: 'GET', path: '/version', body: undefined }, hostname, port)))
  const started = performance.now()
  const deadline = started + job.durationMs
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now()
        const status = await once(agent, job, hostname, port)
        latencies.push(performance.now() - t)
        if (status < 200 || status >= 300) {
          errors++
          firstError ??= status
        }
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
  return { requests: latencies.length, seconds, p50: at(0.5), p99: at(0.99), errors, firstError }
}

const lines = createInterface({ input: process.stdin })
for await (const line of lines) {
  if (!line.trim()) continue
  const result = await run(JSON.parse(line) as Job)
  process.stdout.write(JSON.stringify(result) + '\n')
}
