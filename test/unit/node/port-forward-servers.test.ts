import { duplexPair, type Duplex } from 'node:stream'
import type { Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import type { Delivered } from '../../../main/cluster/network/toolbox/http-request'
import type { HttpRequest } from '../../../main/cluster/network/toolbox/server-replies'
import { nextCommand, servePodConnection } from '../../../main/cluster/node/port-forward-servers'
import { waitFor } from '../../support/wait'

const podWith = (image: string): Pod => ({ metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'c', image }] } })

/** A connection to the pod's server: the client's end, and what it has read so far. */
function connect(pod: Pod, deliver: (req: HttpRequest) => Delivered = () => ({ kind: 'refused' })): { client: Duplex; read: () => string; closed: () => boolean } {
  const [client, podEnd] = duplexPair()
  servePodConnection(podEnd, { pod, container: 'c', remote: '127.0.0.1:40001', deliver })
  let text = ''
  let closed = false
  client.on('data', (d: Buffer) => (text += d.toString()))
  client.on('end', () => (closed = true))
  client.on('close', () => (closed = true))
  return { client, read: () => text, closed: () => closed }
}

describe('the simulated server behind a forwarded port', () => {
  it('parses HTTP/1.1 (pipelined, with a body) and answers each request with the reply model, framed by Content-Length', async () => {
    const seen: HttpRequest[] = []
    const c = connect(podWith('nginx:1.27'), (req) => {
      seen.push(req)
      return { kind: 'reply', container: 'c', reply: { kind: 'response', status: 200, reason: 'OK', headers: [['Server', 'nginx/1.27.0'], ['Content-Type', 'text/plain']], body: `you asked ${req.target}`, log: [] } }
    })
    c.client.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello')
    await waitFor(() => c.read().includes('you asked /b?q=1'), 'both replies')
    expect(c.read()).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.0\r\nContent-Type: text\/plain\r\nContent-Length: 12\r\n/)
    expect(c.read()).not.toContain('Date: ')
    expect(seen.map((r) => [r.method, r.target, r.body, r.remote])).toEqual([
      ['GET', '/a', undefined, '127.0.0.1:40001'],
      ['POST', '/b?q=1', 'hello', '127.0.0.1:40001']
    ])
    expect(seen[0].headers).toEqual([['Host', 'x']])
  })

  it('closes without a reply when the server gives none (the process is gone, or redis-style empty)', async () => {
    const c = connect(podWith('nginx:1.27'))
    c.client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    await waitFor(() => c.closed(), 'the connection closed')
    expect(c.read()).toBe('')
  })

  it('redis answers PING, PING msg and ECHO inline and as RESP arrays, QUIT with +OK, and drops an HTTP request', async () => {
    const c = connect(podWith('redis:7.4'))
    c.client.write('PING\r\n*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n*2\r\n$4\r\necho\r\n$3\r\nabc\r\nQUIT\r\n')
    await waitFor(() => c.closed(), 'QUIT closes')
    expect(c.read()).toBe('+PONG\r\n$2\r\nhi\r\n$3\r\nabc\r\n+OK\r\n')
    const http = connect(podWith('redis:7.4'))
    http.client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    await waitFor(() => http.closed(), 'Host: closes')
    expect(http.read()).toBe('')
  })

  it('holds a connection of another protocol open without a reply, and closes when the client does', async () => {
    const c = connect(podWith('nginx:1.27'))
    c.client.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05]))
    c.client.end()
    await waitFor(() => c.closed(), 'closed after the client')
    expect(c.read()).toBe('')
  })

  it('reads RESP commands only once complete', () => {
    expect(nextCommand('*2\r\n$4\r\nPING\r\n$2\r\nh')).toBeUndefined()
    expect(nextCommand('*1\r\n$4\r\nPING\r\nrest')).toEqual({ args: ['PING'], consumed: 14 })
    expect(nextCommand('ECHO  a b\r\n')).toEqual({ args: ['ECHO', 'a', 'b'], consumed: 11 })
    expect(nextCommand('PIN')).toBeUndefined()
  })
})
