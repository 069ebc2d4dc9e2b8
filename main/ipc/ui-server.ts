import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { contentSecurityPolicy } from './csp'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json'
}

export interface UiServer {
  server: Server
  /** `http://127.0.0.1:<port>` */
  url: string
  close(): Promise<void>
}

/**
 * Serves the built renderer on 127.0.0.1 (serve mode). Only files under
 * `root` are served; unknown paths get index.html, as a single-page app wants.
 */
export async function startUiServer(root: string, port: number): Promise<UiServer> {
  const base = normalize(root + sep)
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end()
        return
      }
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
      let file = normalize(join(base, pathname))
      if (!file.startsWith(base) || pathname.endsWith('/')) file = join(base, 'index.html')
      let body: Buffer
      try {
        body = await readFile(file)
      } catch {
        file = join(base, 'index.html')
        try {
          body = await readFile(file)
        } catch {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('The UI is not built: run `npm run build`.')
          return
        }
      }
      res.writeHead(200, {
        'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
        // The same policy as the app window; a header also covers what a meta tag cannot (frame-ancestors).
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin'
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    })()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const { port: actual } = server.address() as AddressInfo
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
