import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { PacketTraceObject } from '../../main/cluster/registry/kinds/packettrace'
import { guestbookDir, readyEndpoints } from '../integration/network/support/guestbook'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const traceYaml = (spec: string): string => `apiVersion: kubelab.dev/v1alpha1
kind: PacketTrace
metadata:
  name: frontend-to-redis
spec:
${spec}`

/** Real kubectl 1.32 and the create-only PacketTrace kind, on the guestbook. */
describe.skipIf(!hasKubectl)('kubectl and PacketTrace', () => {
  let k: KubectlHarness
  let frontendPod: string

  beforeAll(async () => {
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', guestbookDir])
    expect(applied.code, applied.stderr).toBe(0)
    for (const svc of ['redis-master', 'redis-slave', 'frontend']) await readyEndpoints(k.cluster, svc)
    frontendPod = await waitFor(async () => {
      const r = await k.run(['get', 'pods', '-l', 'tier=frontend', '-o', 'jsonpath={.items[0].metadata.name}'])
      return r.stdout.trim()
    }, 'a frontend pod')
  }, 120_000)
  afterAll(async () => {
    await k?.stop()
  })

  // No flags: for a kind without PATCH (create-only, like SubjectAccessReview) kubectl lists
  // customresourcedefinitions to tell a CRD apart, then validates client-side with /openapi/v2.
  it('kubectl create -f trace.yaml -o yaml returns the hops', async () => {
    const r = await k.run(['create', '-f', '-', '-o', 'yaml'], traceYaml(`  source:\n    pod: default/${frontendPod}\n  destination:\n    address: redis-master\n    port: 6379\n`))
    expect(r.code, r.stderr).toBe(0)
    const obj = parse(r.stdout) as PacketTraceObject
    expect(obj.kind).toBe('PacketTrace')
    expect(obj.spec!.protocol).toBe('TCP')
    expect(obj.status!.verdict).toBe('Delivered')
    const actions = obj.status!.hops.map((h) => h.action)
    expect(actions[0]).toBe('resolve')
    expect(actions).toContain('dnat')
    expect(actions).toContain('deliver')
    for (const hop of obj.status!.hops) {
      expect(Object.keys(hop).sort()).toEqual(['action', 'device', 'dst', 'network', 'node', 'rule', 'src'])
      expect(['Node', 'Pod', 'Cluster']).toContain(hop.network)
    }
  })

  it('kubectl exec <frontend pod> -- nslookup redis-master answers from the cluster DNS', async () => {
    const clusterIP = (await k.run(['get', 'svc', 'redis-master', '-o', 'jsonpath={.spec.clusterIP}'])).stdout
    const r = await k.run(['exec', frontendPod, '--', 'nslookup', 'redis-master'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tredis-master.default.svc.cluster.local\nAddress: ${clusterIP}\n\n`)
  })

  it('kubectl exec <frontend pod> -- curl -s http://redis-master:6379 reaches Redis, which hangs up on HTTP (curl exit 52)', async () => {
    const r = await k.run(['exec', frontendPod, '--', 'curl', '-s', 'http://redis-master:6379'])
    expect(r.stdout).toBe('')
    expect(r.code).toBe(52)
    expect(r.stderr).toContain('command terminated with exit code 52')
    const shown = await k.run(['exec', frontendPod, '--', 'curl', '-sS', 'http://redis-master:6379'])
    expect(shown.stderr).toContain('curl: (52) Empty reply from server')
  })

  it('nothing is stored: get and list answer MethodNotAllowed, as for SubjectAccessReview', async () => {
    const list = await k.run(['get', 'packettraces'])
    expect(list.code).not.toBe(0)
    expect(list.stderr).toContain('Error from server (MethodNotAllowed): the server does not allow this method on the requested resource')
    const get = await k.run(['get', 'packettrace', 'frontend-to-redis'])
    expect(get.stderr).toContain('MethodNotAllowed')
  })

  it('api-resources and explain know the kind', async () => {
    const resources = await k.run(['api-resources', '--api-group=kubelab.dev', '-o', 'wide'])
    expect(resources.stdout).toMatch(/^packettraces\s+ptrace\s+kubelab\.dev\/v1alpha1\s+false\s+PacketTrace\s+create\s*$/m)
    const explain = await k.run(['explain', 'packettrace.spec.source'])
    expect(explain.code, explain.stderr).toBe(0)
    expect(explain.stdout).toContain('external')
    expect(explain.stdout).toContain('<namespace>/<name>')
  })

  it('kubectl apply of a TrafficGenerator; get shows its counters as they grow', async () => {
    const manifest = `apiVersion: kubelab.dev/v1alpha1
kind: TrafficGenerator
metadata:
  name: load
spec:
  source:
    external: true
  destination:
    address: ${(await k.run(['get', 'nodes', 'kubelab-worker', '-o', 'jsonpath={.status.addresses[0].address}'])).stdout}
    port: 30001
  rate: 20
`
    const applied = await k.run(['apply', '-f', '-'], manifest)
    expect(applied.code, applied.stderr).toBe(0)
    expect(applied.stdout).toBe('trafficgenerator.kubelab.dev/load created\n')
    const row = await waitFor(async () => {
      const r = await k.run(['get', 'tg', 'load', '--no-headers'])
      const cols = r.stdout.trim().split(/\s+/)
      return Number(cols[4]) > 0 ? cols : undefined
    }, 'delivered requests in the table')
    expect(row.slice(0, 4)).toEqual(['load', 'external', expect.stringMatching(/:30001$/), '20'])
    expect(row[5]).toBe('0')
  })

  it('a malformed trace is 422 Invalid with the field paths', async () => {
    const r = await k.run(['create', '-f', '-'], traceYaml('  source:\n    pod: web\n    external: true\n  destination:\n    address: redis-master\n    port: 70000\n  protocol: ICMP\n'))
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('The PacketTrace "frontend-to-redis" is invalid')
    expect(r.stderr).toContain('spec.source: Forbidden: exactly one of pod, node or external may be set')
    expect(r.stderr).toContain('spec.source.pod: Invalid value: "web": must be <namespace>/<name>')
    expect(r.stderr).toContain('spec.destination.port: Invalid value: 70000: must be between 1 and 65535, inclusive')
    expect(r.stderr).toContain('spec.protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP"')
  })
})
