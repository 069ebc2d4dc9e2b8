import { request } from 'node:https'
import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'

interface Reply {
  code: number
  type: string
  body: string
}

/** A running cluster's HTTPS API, with the admin token. */
function api(cluster: Cluster) {
  const server = cluster.apiServer!
  const auth = { Authorization: `Bearer ${server.pki.token}` }
  return {
    get(path: string, onChunk?: (chunk: string) => void): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const req = request(`${server.url}${path}`, { ca: server.pki.caCert, headers: auth }, (res) => {
          let body = ''
          res.on('data', (d: Buffer) => {
            body += d.toString()
            onChunk?.(d.toString())
          })
          res.on('end', () => resolve({ code: res.statusCode ?? 0, type: String(res.headers['content-type']), body }))
        })
        req.on('error', reject)
        req.end()
      })
    },
    /** Opens a channel WebSocket; resolves with what came on each channel once the server closes it. */
    stream(path: string, options: { stdin?: string; token?: boolean; onOpen?: (ws: WebSocket) => void } = {}) {
      const ws = new WebSocket(`${server.url.replace('https', 'wss')}${path}`, ['v5.channel.k8s.io'], {
        ca: server.pki.caCert,
        headers: options.token === false ? {} : auth
      })
      const out: Record<number, string> = {}
      return new Promise<{ out: Record<number, string>; protocol: string; status?: number }>((resolve, reject) => {
        ws.on('unexpected-response', (_req, res) => resolve({ out, protocol: '', status: res.statusCode }))
        ws.on('open', () => {
          if (options.stdin !== undefined) {
            ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(options.stdin)]))
            ws.send(Buffer.from([255, 0]))
          }
          options.onOpen?.(ws)
        })
        ws.on('message', (data: Buffer) => (out[data[0]] = (out[data[0]] ?? '') + data.subarray(1).toString()))
        ws.on('close', () => resolve({ out, protocol: ws.protocol }))
        ws.on('error', reject)
      })
    }
  }
}

const pods = (c: Cluster) => c.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })

describe('pods/log, pods/exec and pods/attach through the HTTPS API', () => {
  let cluster: Cluster
  let http: ReturnType<typeof api>

  const create = (name: string, spec: Pod['spec'], annotations?: Record<string, string>) =>
    pods(cluster).create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', annotations }, spec })
  const running = async (name: string) => (await pods(cluster).get('default', name)).status?.containerStatuses?.every((s) => s.state?.running)

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant', apiPort: 0 })
    http = api(cluster)
    await create('web', { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] })
    await create('two', {
      containers: [
        { name: 'a', image: 'busybox', command: ['sh', '-c', 'echo one; echo two; echo three; sleep 3600'] },
        { name: 'b', image: 'redis' }
      ]
    })
    for (const name of ['web', 'two']) await waitFor(() => running(name), `${name} running`, 20_000)
  }, 30_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('a running container listens on its declared ports and its image\'s', async () => {
    const web = await pods(cluster).get('default', 'web')
    const ports = cluster.world.processes.listeningPorts({ namespace: 'default', name: 'web', uid: web.metadata!.uid! })
    expect(ports.map((p) => `${p.container}:${p.port}/${p.protocol}`).sort()).toEqual(['nginx:80/TCP', 'nginx:8080/TCP'])
  })

  it('serves text/plain logs with limitBytes, and the registry\'s errors for the container name', async () => {
    const all = await http.get('/api/v1/namespaces/default/pods/two/log?container=a')
    expect(all).toMatchObject({ code: 200, body: 'one\ntwo\nthree\n' })
    expect(all.type).toMatch(/^text\/plain/)
    expect((await http.get('/api/v1/namespaces/default/pods/two/log?container=a&limitBytes=6')).body).toBe('one\ntw')
    const unnamed = await http.get('/api/v1/namespaces/default/pods/two/log')
    expect(unnamed.code).toBe(400)
    expect(JSON.parse(unnamed.body)).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'a container name must be specified for pod two, choose one of: [a b]' })
    expect(JSON.parse((await http.get('/api/v1/namespaces/default/pods/two/log?container=x')).body).message).toBe('container x is not valid for pod two')
    expect(JSON.parse((await http.get('/api/v1/namespaces/default/pods/nope/log')).body)).toMatchObject({ code: 404, message: 'pods "nope" not found' })
  })

  it('validates PodLogOptions as the apiserver does (422)', async () => {
    const neg = await http.get('/api/v1/namespaces/default/pods/web/log?tailLines=-1')
    expect(neg.code).toBe(422)
    expect(JSON.parse(neg.body).message).toBe('PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0')
    const both = await http.get('/api/v1/namespaces/default/pods/web/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z')
    expect(both.code).toBe(422)
    expect(JSON.parse(both.body).message).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified')
    expect((await http.get('/api/v1/namespaces/default/pods/web/log?tailLines=abc')).code).toBe(400)
    expect((await http.get('/api/v1/namespaces/default/pods/web/log?sinceSeconds=3600')).body).toContain('ready for start up')
  })

  it('a container still being created has no log yet: the kubelet\'s waiting message', async () => {
    // The paused clock holds the pod where the kubelet admitted it: its sandbox is still being made.
    cluster.clock.pause()
    try {
      await create('slow', { containers: [{ name: 'c', image: 'nginx:1.27' }] })
      await waitFor(async () => (await pods(cluster).get('default', 'slow')).status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating', 'slow creating')
      const r = await http.get('/api/v1/namespaces/default/pods/slow/log')
      expect(r.code).toBe(400)
      expect(JSON.parse(r.body).message).toBe('container "c" in pod "slow" is waiting to start: ContainerCreating')
    } finally {
      cluster.clock.resume()
    }
  })

  it('follow streams until the container stops', async () => {
    await create('follow', { containers: [{ name: 'c', image: 'busybox', args: ['sh', '-c', 'echo hello; sleep 3600'] }] })
    await waitFor(() => running('follow'), 'follow running')
    const uid = (await pods(cluster).get('default', 'follow')).metadata!.uid!
    let seen = ''
    const done = http.get('/api/v1/namespaces/default/pods/follow/log?follow=true', (chunk) => (seen += chunk))
    await waitFor(() => seen.includes('hello\n'), 'the log so far')
    cluster.world.logs.write({ namespace: 'default', pod: 'follow', uid, container: 'c' }, 'later')
    await waitFor(() => seen.includes('later\n'), 'a line written while following')
    await pods(cluster).delete('default', 'follow')
    expect((await done).body).toBe('hello\nlater\n')
  })

  it('exec over a v5 WebSocket: stdin in, stdout out, the exit status on channel 3', async () => {
    const r = await http.stream('/api/v1/namespaces/default/pods/web/exec?command=sh&stdin=true&stdout=true&stderr=true', { stdin: 'echo hi\necho oops >&2\nexit 7\n' })
    expect(r.protocol).toBe('v5.channel.k8s.io')
    expect(r.out[1]).toBe('hi\n')
    expect(r.out[2]).toBe('oops\n')
    expect(JSON.parse(r.out[3])).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } })
    const ok = await http.stream('/api/v1/namespaces/default/pods/two/exec?container=a&command=printenv&command=HOSTNAME&stdout=true')
    expect(ok.out[1]).toBe('two\n')
    expect(JSON.parse(ok.out[3])).toEqual({ metadata: {}, status: 'Success' })
  })

  it('exec refusals: no credentials (401), bad parameters (400 Status), not an upgrade (400)', async () => {
    expect((await http.stream('/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true', { token: false })).status).toBe(401)
    expect((await http.stream('/api/v1/namespaces/default/pods/web/exec?stdout=true')).status).toBe(400)
    expect((await http.stream('/api/v1/namespaces/default/pods/two/exec?command=ls&stdout=true')).status).toBe(400)
    expect((await http.stream('/api/v1/namespaces/default/pods/nope/exec?command=ls&stdout=true')).status).toBe(404)
    const plain = await http.get('/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true')
    expect(plain.code).toBe(400)
    expect(JSON.parse(plain.body).message).toBe('Upgrade request required')
  })

  it('attach streams what the container writes until it stops', async () => {
    await create('attached', { containers: [{ name: 'c', image: 'busybox', args: ['sh', '-c', 'sleep 3600'] }] })
    await waitFor(() => running('attached'), 'attached running')
    const uid = (await pods(cluster).get('default', 'attached')).metadata!.uid!
    const ref = { namespace: 'default', pod: 'attached', uid, container: 'c' }
    const r = await http.stream('/api/v1/namespaces/default/pods/attached/attach?stdout=true&stderr=true', {
      onOpen: () => {
        cluster.world.logs.write(ref, 'to stdout')
        cluster.world.logs.write(ref, 'to stderr', 'stderr')
        void pods(cluster).delete('default', 'attached')
      }
    })
    expect(r.out[1]).toBe('to stdout\n')
    expect(r.out[2]).toBe('to stderr\n')
    expect(JSON.parse(r.out[3])).toEqual({ metadata: {}, status: 'Success' })
  })

  it('attach -i to a container with stdin and a tty: keys reach its shell, its output comes back as written', async () => {
    await create('console', { containers: [{ name: 'c', image: 'busybox', args: ['sh'], stdin: true, stdinOnce: true, tty: true }] })
    await waitFor(() => running('console'), 'console running')
    const r = await http.stream('/api/v1/namespaces/default/pods/console/attach?container=c&stdin=true&stdout=true&tty=true', {
      onOpen: (ws) => ws.send(Buffer.from('\x00echo hi\rexit\r'))
    })
    expect(r.out[1]).toBe('echo hi\r\nhi\r\n/ # exit\r\n')
    expect(JSON.parse(r.out[3])).toEqual({ metadata: {}, status: 'Success' })
    const uid = (await pods(cluster).get('default', 'console')).metadata!.uid!
    expect(cluster.world.logs.read({ namespace: 'default', pod: 'console', uid, container: 'c' })?.map((l) => l.text)).toEqual(['/ # echo hi\r', 'hi\r', '/ # exit\r'])
  })

  it('forgets a deleted pod: its logs and ports', async () => {
    const web = await pods(cluster).get('default', 'two')
    const uid = web.metadata!.uid!
    await pods(cluster).delete('default', 'two')
    await waitFor(async () => !(await pods(cluster).list('default')).items.some((p) => p.metadata?.name === 'two'), 'two gone')
    await waitFor(() => cluster.world.logs.read({ namespace: 'default', pod: 'two', uid, container: 'a' }) === undefined, 'logs forgotten')
    expect(cluster.world.processes.listeningPorts({ namespace: 'default', name: 'two', uid })).toEqual([])
  })
})
