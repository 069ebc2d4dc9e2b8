import type { ServerResponse } from 'node:http'
import { notFoundPath } from '../apimachinery/errors'

/**
 * The apiserver's health endpoints, /healthz, /livez and /readyz, as
 * k8s.io/apiserver/pkg/server/healthz serves them: "ok" for a plain GET;
 * with `?verbose` one `[+]<check> ok` line per check and `<endpoint> check
 * passed`; `?exclude=<check>` (repeatable) marks a check `excluded: ok`;
 * `/livez/<check>` runs one check. The checks are those of kube-apiserver
 * that Kubelab's own front has a counterpart for; all pass while it answers.
 */

type Endpoint = 'healthz' | 'livez' | 'readyz'

const hooks = ['poststarthook/start-system-namespaces-controller', 'poststarthook/bootstrap-controller']

const checks: Record<Endpoint, string[]> = {
  healthz: ['ping', 'log', 'etcd', ...hooks],
  livez: ['ping', 'log', 'etcd', ...hooks],
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...hooks, 'shutdown']
}

/** Every health path served: each endpoint and each of its checks (for the root paths document). */
export function healthPaths(): string[] {
  return (Object.keys(checks) as Endpoint[]).flatMap((e) => [`/${e}`, ...checks[e].map((c) => `/${e}/${c}`)])
}

/** Serves `path` when it is a health endpoint or one of its checks; returns false otherwise. */
export function serveHealth(path: string, query: URLSearchParams, res: ServerResponse): boolean {
  const m = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(path)
  if (!m) return false
  const endpoint = m[1] as Endpoint
  const names = checks[endpoint]
  if (m[2] !== undefined && !names.includes(m[2])) throw notFoundPath()
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache, private' })
  if (m[2] !== undefined || !query.has('verbose')) {
    res.end('ok')
    return true
  }
  const excluded = new Set(query.getAll('exclude'))
  const lines = names.map((n) => (excluded.has(n) ? `[+]${n} excluded: ok` : `[+]${n} ok`))
  const unknown = [...excluded].filter((n) => !names.includes(n))
  if (unknown.length) lines.push(`warn: some health checks cannot be excluded: no matches for ${unknown.map((n) => JSON.stringify(n)).join(',')}`)
  res.end(`${lines.join('\n')}\n${endpoint} check passed\n`)
  return true
}
