import { Agent, request } from 'node:https'
import type { IncomingMessage } from 'node:http'
import type { Pki } from '../../main/cluster/apiserver/pki'

/**
 * A minimal HTTPS client for the cluster's API, authenticated with the admin
 * client certificate, for load tests and benchmarks: one keep-alive
 * connection pool shared by every request, JSON in and out, the latency of
 * each call measured.
 */
export interface ApiResponse<T = unknown> {
  status: number
  body: T
  /** Milliseconds from sending the request to the end of the answer. */
  ms: number
}

export interface ApiClient {
  call<T = unknown>(method: string, path: string, body?: unknown, contentType?: string, accept?: string): Promise<ApiResponse<T>>
  /** Opens a watch; `onLine` gets each JSON line. Returns a function that ends it. */
  watch(path: string, onEvent: (event: { type: string; object: { metadata?: { resourceVersion?: string; name?: string } } }) => void): Promise<() => void>
  close(): void
}

export function createApiClient(url: string, pki: Pick<Pki, 'caCert' | 'adminCert' | 'adminKey'>, maxSockets = 256): ApiClient {
  const { hostname, port } = new URL(url)
  const tls = { ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey }
  const agent = new Agent({ keepAlive: true, maxSockets, ...tls })
  const watchAgent = new Agent({ keepAlive: false, maxSockets: Infinity, ...tls })

  function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json', accept = 'application/json'): Promise<ApiResponse<T>> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    const started = performance.now()
    return new Promise((resolve, reject) => {
      const req = request(
        { hostname, port, path, method, agent, headers: { accept, ...(payload !== undefined ? { 'content-type': contentType } : {}) } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString()
            let parsed: unknown = text
            try {
              parsed = JSON.parse(text)
            } catch {
              // not JSON (a text answer): keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T, ms: performance.now() - started })
          })
          res.on('error', reject)
        }
      )
      req.on('error', reject)
      req.end(payload)
    })
  }

  function watch(path: string, onEvent: Parameters<ApiClient['watch']>[1]): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = request({ hostname, port, path, method: 'GET', agent: watchAgent, headers: { accept: 'application/json' } }, (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch ${path}: HTTP ${res.statusCode}`))
          res.resume()
          return
        }
        let pending = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          pending += chunk
          let nl: number
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl)
            pending = pending.slice(nl + 1)
            if (line.trim()) onEvent(JSON.parse(line))
          }
        })
        res.on('error', () => undefined)
        resolve(() => req.destroy())
      })
      req.on('error', (e) => reject(e))
      req.end()
    })
  }

  return {
    call,
    watch,
    close: () => {
      agent.destroy()
      watchAgent.destroy()
    }
  }
}
