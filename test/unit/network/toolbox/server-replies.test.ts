import { describe, expect, it } from 'vitest'
import type { Container, Pod } from 'kubernetes-types/core/v1'
import { httpReply, rawHttpResponse, type HttpReply, type HttpRequest, type ServerContext } from '../../../../main/cluster/network/toolbox/server-replies'
import { deliverHttp } from '../../../../main/cluster/network/toolbox/http-request'
import { ProcessTable } from '../../../../main/cluster/world/container-processes'
import { MemoryContainerLogs } from '../../../../main/cluster/world/container-logs'
import { listeningPorts, mainProcess, serverProgram } from '../../../../main/cluster/node/programs/images'
import { imageFiles } from '../../../../main/cluster/node/programs/image-files'

/** The reply model: what each modelled server answers, and the log line it writes for it. */

const start = Date.parse('2026-11-27T05:00:00.000Z')

function podWith(container: Container, name = 'web-7d4b9c-abcde'): Pod {
  return {
    metadata: { namespace: 'default', name, uid: `uid-${name}` },
    spec: { containers: [container] },
    status: { podIP: '10.244.1.5', containerStatuses: [{ name: container.name, ready: true, restartCount: 0, image: container.image ?? '', imageID: '', state: { running: { startedAt: new Date(start).toISOString() } } }] }
  }
}

function ctx(pod: Pod, port: number, over: Partial<ServerContext> = {}): ServerContext {
  return { pod, container: pod.spec!.containers[0].name, port, now: start + 12_345, hostname: pod.metadata!.name!, startedAt: start, served: 0, ...over }
}

const get = (target: string, headers: [string, string][] = [['Host', '10.244.1.5:8080'], ['User-Agent', 'curl/8.5.0'], ['Accept', '*/*']]): HttpRequest => ({ method: 'GET', target, headers, remote: '10.244.2.7:41234' })

function response(reply: HttpReply): Extract<HttpReply, { kind: 'response' }> {
  if (reply.kind !== 'response') throw new Error('no response')
  return reply
}

const bootcamp = podWith({ name: 'kubernetes-bootcamp', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }, 'kubernetes-bootcamp-5485cc6795-cdwz7')
const helloApp = (tag: string) => podWith({ name: 'hello-app', image: `gcr.io/google-samples/hello-app:${tag}` }, 'hello-app-6d4f9c7b8-x2x9z')
const echo = podWith({ name: 'echo-server', image: 'kicbase/echo-server:1.0' }, 'hello-minikube-59d4768566-kz9sd')
const agnhost = podWith({ name: 'agnhost', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', command: ['/agnhost', 'netexec', '--http-port=8080'] }, 'hello-node-66d457cb86-vfsx6')

describe('kubernetes-bootcamp (the Basics tutorial)', () => {
  it('answers its greeting with the pod name and version, chunked as Node streams it', () => {
    const r = response(httpReply(ctx(bootcamp, 8080), get('/')))
    expect(r.status).toBe(200)
    expect(r.body).toBe('Hello Kubernetes bootcamp! | Running on: kubernetes-bootcamp-5485cc6795-cdwz7 | v=1\n')
    expect(rawHttpResponse(r)).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain\r\nDate: Fri, 27 Nov 2026 05:00:12 GMT\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n54\r\nHello Kubernetes bootcamp!.*\n\r\n0\r\n\r\n$/s)
  })

  it('answers HEAD with the headers alone, as Node does (no body, so no chunked framing)', () => {
    const r = response(httpReply(ctx(bootcamp, 8080), { ...get('/'), method: 'HEAD' }))
    expect(rawHttpResponse(r, 'HEAD')).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Fri, 27 Nov 2026 05:00:12 GMT\r\nConnection: keep-alive\r\n\r\n')
  })

  it('ships its server.js', () => {
    expect(imageFiles('gcr.io/google-samples/kubernetes-bootcamp:v1').get('/server.js')).toContain('response.end(" | v=1\\n");')
    expect(imageFiles('docker.io/jocatalin/kubernetes-bootcamp:v2').get('/server.js')).toContain('response.end(" | v=2\\n");')
  })

  it('logs each request with its count, the uptime and the time', () => {
    const r = response(httpReply(ctx(bootcamp, 8080, { served: 2 }), get('/')))
    expect(r.log).toEqual([{ text: 'Running On: kubernetes-bootcamp-5485cc6795-cdwz7 | Total Requests: 3 | App Uptime: 12.345 seconds | Log Time: 2026-11-27T05:00:12.345Z', stream: 'stdout' }])
  })

  it('listens on 8080 and prints its start-up banner, then an empty line', () => {
    const c = bootcamp.spec!.containers[0]
    expect(listeningPorts(c)).toEqual([{ port: 8080, protocol: 'TCP' }])
    const main = mainProcess(c, start, 'kubernetes-bootcamp-5485cc6795-cdwz7')
    expect(main.kind === 'lines' && main.lines()).toEqual([
      { text: 'Kubernetes Bootcamp App Started At: 2026-11-27T05:00:00.000Z | Running On:  kubernetes-bootcamp-5485cc6795-cdwz7 ', stream: 'stdout' },
      { text: '', stream: 'stdout' }
    ])
  })
})

describe('hello-app', () => {
  it('answers hello, its version and hostname; logs the path on stderr as Go logs', () => {
    const r = response(httpReply(ctx(helloApp('2.0'), 8080), get('/any/path?x=1')))
    expect(r.body).toBe('Hello, world!\nVersion: 2.0.0\nHostname: hello-app-6d4f9c7b8-x2x9z\n')
    expect(r.headers).toContainEqual(['Content-Type', 'text/plain; charset=utf-8'])
    expect(r.log).toEqual([{ text: '2026/11/27 05:00:12 Serving request: /any/path', stream: 'stderr' }])
    expect(rawHttpResponse(r)).toContain('Content-Length: 65\r\n')
  })

  it('listens on $PORT (8080 by default) and says so', () => {
    const c: Container = { name: 'hello-app', image: 'gcr.io/google-samples/hello-app:1.0', env: [{ name: 'PORT', value: '9000' }] }
    expect(listeningPorts(c)).toEqual([{ port: 9000, protocol: 'TCP' }])
    const main = mainProcess(c, start, 'h')
    expect(main.kind === 'lines' && main.lines()).toEqual([{ text: '2026/11/27 05:00:00 Server listening on port 9000', stream: 'stderr' }])
  })
})

describe('kicbase/echo-server (hello-minikube)', () => {
  it('echoes the request line and the headers, Host first, the rest sorted', () => {
    const r = response(httpReply(ctx(echo, 8080), get('/hello?x=1', [['Host', '192.168.49.2:30270'], ['User-Agent', 'curl/8.5.0'], ['Accept', '*/*']])))
    expect(r.body).toBe('Request served by hello-minikube-59d4768566-kz9sd\n\nHTTP/1.1 GET /hello?x=1\n\nHost: 192.168.49.2:30270\nAccept: */*\nUser-Agent: curl/8.5.0\n')
    expect(r.headers[0]).toEqual(['Content-Type', 'text/plain'])
    expect(r.log).toEqual([{ text: '10.244.2.7:41234 | GET /hello?x=1', stream: 'stdout' }])
  })

  it('prints where it listens', () => {
    const main = mainProcess(echo.spec!.containers[0], start, 'x')
    expect(main.kind === 'lines' && main.lines()).toEqual([{ text: 'Echo server listening on port 8080.', stream: 'stdout' }])
  })
})

describe('agnhost netexec (hello-node)', () => {
  it('is the server its command line starts: HTTP on --http-port, UDP on 8081', () => {
    const c = agnhost.spec!.containers[0]
    expect(serverProgram(c)).toEqual({ name: 'netexec', tag: '2.39', ports: [{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'UDP' }] })
    expect(listeningPorts({ ...c, command: ['/agnhost', 'netexec', '--http-port', '9376', '--udp-port=-1'] })).toEqual([{ port: 9376, protocol: 'TCP' }])
    const main = mainProcess(c, start, 'x')
    expect(main.kind === 'lines' && main.lines()).toEqual([
      { text: 'I1127 05:00:00.000000       1 log.go:195] Started HTTP server on port 8080', stream: 'stderr' },
      { text: 'I1127 05:00:00.000000       1 log.go:195] Started UDP server on port  8081', stream: 'stderr' }
    ])
  })

  it('answers /hostname, /echo, /clientip and, for anything else, the time', () => {
    const c = ctx(agnhost, 8080)
    expect(response(httpReply(c, get('/hostname'))).body).toBe('hello-node-66d457cb86-vfsx6')
    expect(response(httpReply(c, get('/hostname'))).log).toEqual([{ text: 'I1127 05:00:12.345000       1 log.go:195] GET /hostname', stream: 'stderr' }])
    expect(response(httpReply(c, get('/echo?msg=hi%20there'))).body).toBe('hi there')
    const teapot = response(httpReply(c, get('/echo?msg=x&code=418')))
    expect(teapot.status).toBe(418)
    expect(teapot.log[0].text).toBe('I1127 05:00:12.345000       1 log.go:195] GET /echo?msg=x&code=418')
    expect(response(httpReply(c, get('/clientip'))).body).toBe('10.244.2.7:41234')
    expect(response(httpReply(c, get('/'))).body).toBe('NOW: 2026-11-27 05:00:12.345 +0000 UTC m=+12.345000000')
    expect(response(httpReply(c, get('/whatever'))).body).toMatch(/^NOW: /)
  })

  it('a container whose own command is not netexec runs no server', () => {
    expect(serverProgram({ name: 'a', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', command: ['/agnhost', 'pause'] })).toBeUndefined()
    expect(listeningPorts({ name: 'n', image: 'nginx', command: ['sleep', '3600'] })).toEqual([])
  })
})

describe('nginx', () => {
  it('serves its welcome page and writes the access log line', () => {
    const pod = podWith({ name: 'nginx', image: 'nginx:1.27' })
    const r = response(httpReply(ctx(pod, 80), get('/')))
    expect(r.headers[0]).toEqual(['Server', 'nginx/1.27.0'])
    expect(r.body).toContain('<title>Welcome to nginx!</title>')
    expect(r.log).toEqual([{ text: `10.244.2.7 - - [27/Nov/2026:05:00:12 +0000] "GET / HTTP/1.1" 200 ${Buffer.byteLength(r.body)} "-" "curl/8.5.0" "-"`, stream: 'stdout' }])
    expect(response(httpReply(ctx(pod, 80), get('/missing'))).status).toBe(404)
  })
})

describe('deliverHttp', () => {
  it('counts the request, writes the server log, and numbers the requests of one process', () => {
    const processes = new ProcessTable(() => start)
    const logs = new MemoryContainerLogs(() => start)
    const uid = bootcamp.metadata!.uid!
    const ref = { namespace: 'default', pod: bootcamp.metadata!.name!, uid, container: 'kubernetes-bootcamp' }
    logs.opened(ref)
    processes.started(uid, 'kubernetes-bootcamp', [{ port: 8080, protocol: 'TCP' }])
    const send = () => deliverHttp({ processes, logs }, bootcamp, 8080, get('/'), start + 1000)
    expect(send().kind).toBe('reply')
    send()
    expect(logs.read(ref)!.map((l) => l.text.replace(/ \| App Uptime.*/, ''))).toEqual([
      'Running On: kubernetes-bootcamp-5485cc6795-cdwz7 | Total Requests: 1',
      'Running On: kubernetes-bootcamp-5485cc6795-cdwz7 | Total Requests: 2'
    ])
    expect(deliverHttp({ processes, logs }, bootcamp, 9999, get('/'), start)).toEqual({ kind: 'refused' })
  })
})

describe('php-apache (registry.k8s.io/hpa-example, the HPA walkthrough)', () => {
  const php = podWith({ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }] }, 'php-apache-678865dd57-4x7jt')
  const wget: HttpRequest = { method: 'GET', target: '/', headers: [['Host', 'php-apache'], ['User-Agent', 'Wget'], ['Connection', 'close']], remote: '10.244.2.7:41234' }

  it('listens on 80 and answers OK! as Apache with PHP, logging the combined line with the bytes sent', () => {
    expect(serverProgram(php.spec!.containers[0])?.ports).toEqual([{ port: 80, protocol: 'TCP' }])
    const r = response(httpReply(ctx(php, 80), wget))
    expect([r.status, r.body]).toEqual([200, 'OK!'])
    expect(r.headers.map(([k]) => k)).toEqual(['Date', 'Server', 'X-Powered-By', 'Content-Type'])
    expect(r.headers[1]).toEqual(['Server', 'Apache/2.4.10 (Debian)'])
    const bytes = Buffer.byteLength(rawHttpResponse(r))
    expect(r.log).toEqual([{ text: `10.244.2.7 - - [27/Nov/2026:05:00:12 +0000] "GET / HTTP/1.1" 200 ${bytes} "-" "Wget"`, stream: 'stdout' }])
  })

  it('another path is Apache\'s 404 page', () => {
    const r = response(httpReply(ctx(php, 80), { ...wget, target: '/nope' }))
    expect(r.status).toBe(404)
    expect(r.body).toContain('<p>The requested URL /nope was not found on this server.</p>')
    expect(r.body).toContain('<address>Apache/2.4.10 (Debian) Server at php-apache Port 80</address>')
  })
})
