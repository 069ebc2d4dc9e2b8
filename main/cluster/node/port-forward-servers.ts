import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Pod } from 'kubernetes-types/core/v1'
import type { Delivered } from '../network/toolbox/http-request'
import type { HttpRequest } from '../network/toolbox/server-replies'

/**
 * What answers a forwarded connection inside the pod: the container's
 * simulated server, fed the bytes kubectl's local connection sent. HTTP is
 * parsed by Node's own HTTP/1.1 server (never listening: the connection is
 * handed to it) and answered from the reply model; every request is
 * delivered to the container as a request from 127.0.0.1 (its load, its
 * access log) and answered by the reply model of the toolbox. Redis answers the few commands whose reply needs no data
 * (PING, ECHO, QUIT) and, as redis does, drops a connection that sends an
 * HTTP request. Anything else is held open without a reply, as a server
 * that waits for more of its own protocol does.
 */

/** The container behind the port, and how a request reaches it (the toolbox's deliverHttp: load, log lines, the reply model). */
export interface PodConnection {
  pod: Pod
  container: string
  /** The client's `ip:port` inside the pod: the runtime dials from localhost. */
  remote: string
  deliver(req: HttpRequest): Delivered
}

function imageName(pod: Pod, container: string): string {
  const image = pod.spec?.containers.find((c) => c.name === container)?.image ?? ''
  return (image.split('@')[0].split('/').pop() ?? '').split(':')[0]
}

/** Serves one connection; the socket is the pod's end of it. */
export function servePodConnection(socket: Duplex, target: PodConnection): void {
  socket.on('error', () => socket.destroy())
  if (imageName(target.pod, target.container).includes('redis')) return serveRedis(socket)
  socket.once('readable', () => {
    const head = socket.read() as Buffer | null
    if (head) socket.unshift(head)
    if (head && /^[A-Z]+ \S+ HTTP\/1\.[01]\r?\n/.test(head.subarray(0, 1024).toString('latin1'))) serveHttp(socket, target)
    else holdSilently(socket)
  })
}

/** The server closes the connection: the client reads its end (a destroyed in-memory end would not tell the other). */
function hangUp(socket: Duplex): void {
  socket.removeAllListeners('data')
  socket.resume()
  socket.end(() => socket.destroy())
}

/** A server that waits for more of its own protocol: reads and answers nothing, closes when the client does. */
function holdSilently(socket: Duplex): void {
  socket.resume()
  socket.on('end', () => socket.end())
}

function serveHttp(socket: Duplex, target: PodConnection): void {
  // No Keep-Alive header (nginx sends none) and no Date of Node's: the reply model sets its own headers.
  const server = createServer({ keepAliveTimeout: 0 }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers: [string, string][] = []
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]])
      const body = chunks.length ? Buffer.concat(chunks).toString() : undefined
      const out = target.deliver({ method: req.method ?? 'GET', target: req.url ?? '/', headers, body, remote: target.remote })
      if (out.kind === 'refused' || out.reply.kind === 'empty') {
        hangUp(socket)
        return
      }
      const reply = out.reply
      res.sendDate = false
      const framing: [string, string][] = reply.chunked || reply.status === 204 || reply.status === 304 ? [] : [['Content-Length', String(Buffer.byteLength(reply.body))]]
      res.writeHead(reply.status, reply.reason, [...reply.headers, ...framing].flat())
      res.end(req.method === 'HEAD' ? undefined : reply.body)
    })
  })
  server.emit('connection', socket)
}

/** Redis's protocol, inline or as RESP arrays, for the commands answered without data. */
function serveRedis(socket: Duplex): void {
  let buffered = ''
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1')
    for (;;) {
      const parsed = nextCommand(buffered)
      if (!parsed) return
      buffered = buffered.slice(parsed.consumed)
      const [name = '', ...args] = parsed.args
      const command = name.toUpperCase()
      // redis treats these as a cross-protocol attack and closes the connection without a reply.
      if (command === 'POST' || command === 'HOST:') return hangUp(socket)
      if (command === 'PING') socket.write(args.length ? bulk(args[0]) : '+PONG\r\n')
      else if (command === 'ECHO' && args.length === 1) socket.write(bulk(args[0]))
      else if (command === 'QUIT') return void socket.end('+OK\r\n')
    }
  })
  socket.on('end', () => socket.end())
}

const bulk = (s: string): string => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`

/** One command from the buffer: a RESP array of bulk strings, or an inline line; undefined when incomplete. */
export function nextCommand(buffer: string): { args: string[]; consumed: number } | undefined {
  if (buffer.startsWith('*')) {
    let at = buffer.indexOf('\r\n')
    if (at < 0) return undefined
    const count = Number(buffer.slice(1, at))
    at += 2
    const args: string[] = []
    for (let i = 0; i < count; i++) {
      const end = buffer.indexOf('\r\n', at)
      if (end < 0 || buffer[at] !== '$') return undefined
      const len = Number(buffer.slice(at + 1, end))
      if (buffer.length < end + 2 + len + 2) return undefined
      args.push(buffer.slice(end + 2, end + 2 + len))
      at = end + 2 + len + 2
    }
    return { args, consumed: at }
  }
  const end = buffer.indexOf('\n')
  if (end < 0) return undefined
  return { args: buffer.slice(0, end).replace(/\r$/, '').split(/\s+/).filter(Boolean), consumed: end + 1 }
}
