import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Cluster } from '../../../main/cluster/cluster'
import { ApiHandler } from '../../../main/cluster/apiserver/api-handler'
import { registerDecoder } from '../../../main/cluster/apiserver/body'
import { badRequest } from '../../../main/cluster/apimachinery/errors'
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF } from '../../../main/cluster/apiserver/protobuf/decode'

/*
 * A seeded fuzz test of the API handler: thousands of malformed or random
 * requests (methods, paths, query parameters, headers, bodies, patches), each
 * of which must be answered with a 2xx, or a 4xx carrying a Status; never a
 * 5xx, a hang, a crash or an unhandled rejection. Objects created before the
 * fuzzing (in the namespace `seed`, which the fuzzer never writes to) must be
 * unchanged afterwards, every stored object must still be readable and valid,
 * and failed requests must not move the store's revision.
 */

/** Fixed, so every run sends the same requests; FUZZ_SEED=<n> explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 0x6b75_6265)
const CONCURRENT_REQUESTS = 10_000
const SEQUENTIAL_REQUESTS = 1_500
const CONCURRENCY = 16

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n)
  }
  chance(p: number): boolean {
    return this.rnd() < p
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]
  }
  str(max = 12, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-.'): string {
    let s = ''
    const n = this.int(max + 1)
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)]
    return s
  }
  weirdStr(): string {
    return this.pick([
      '',
      ' ',
      '..',
      '.',
      '/',
      'a/b',
      '%',
      '\u0000',
      'é😀',
      'UPPER',
      '-leading',
      'trailing-',
      'x'.repeat(64),
      'y'.repeat(254),
      'z'.repeat(1000 + this.int(4000)),
      '${x}',
      '"quoted"',
      '\\',
      'a=b',
      'true',
      '1',
      '-1',
      this.str(20, 'abc\u00ff\u1234 \t\n:/{}[]",')
    ])
  }
  number(): number {
    return this.pick([0, -1, 1, 1.5, -0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 65536, 3, Number.MAX_SAFE_INTEGER])
  }
  /** A random JSON value of bounded depth. */
  json(depth = 3): Json {
    const k = this.int(depth > 0 ? 8 : 5)
    switch (k) {
      case 0:
        return null
      case 1:
        return this.chance(0.5)
      case 2:
        return this.number()
      case 3:
        return this.weirdStr()
      case 4:
        return this.str()
      case 5:
      case 6: {
        const o: Record<string, Json> = {}
        const n = this.int(4)
        for (let i = 0; i < n; i++) o[this.pick([this.str(6), 'name', 'metadata', 'spec', 'status', 'kind', 'apiVersion', '$patch', 'items', 'containers', 'labels'])] = this.json(depth - 1)
        return o
      }
      default: {
        const n = this.int(4)
        return Array.from({ length: n }, () => this.json(depth - 1))
      }
    }
  }
}

/** Resources the fuzzer aims at, with a valid template body for each. */
interface Target {
  prefix: string
  plural: string
  namespaced: boolean
  template: (name: string, ns?: string) => Record<string, Json>
}

const podSpec = (): Record<string, Json> => ({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '100m' } } }] })
const labels = { app: 'fz' }
const targets: Target[] = [
  { prefix: '/api/v1', plural: 'pods', namespaced: true, template: (name, ns) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns ?? null, labels }, spec: podSpec() }) },
  { prefix: '/api/v1', plural: 'configmaps', namespaced: true, template: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, annotations: { a: 'b' } }, data: { k: 'v' } }) },
  { prefix: '/api/v1', plural: 'secrets', namespaced: true, template: (name) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', data: { k: 'dg==' }, stringData: { s: 'x' } }) },
  {
    prefix: '/api/v1',
    plural: 'services',
    namespaced: true,
    template: (name) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], type: 'ClusterIP' } })
  },
  { prefix: '/api/v1', plural: 'serviceaccounts', namespaced: true, template: (name) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } }) },
  { prefix: '/api/v1', plural: 'endpoints', namespaced: true, template: (name) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }) },
  { prefix: '/api/v1', plural: 'events', namespaced: true, template: (name, ns) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name }, involvedObject: { kind: 'Pod', name: 'p', namespace: ns ?? 'fuzz' }, reason: 'R', message: 'm' }) },
  {
    prefix: '/api/v1',
    plural: 'persistentvolumeclaims',
    namespaced: true,
    template: (name) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } })
  },
  {
    prefix: '/api/v1',
    plural: 'replicationcontrollers',
    namespaced: true,
    template: (name) => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name }, spec: { replicas: 1, selector: labels, template: { metadata: { labels }, spec: podSpec() } } })
  },
  { prefix: '/api/v1', plural: 'namespaces', namespaced: false, template: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) },
  { prefix: '/api/v1', plural: 'nodes', namespaced: false, template: (name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { podCIDR: '10.244.9.0/24' } }) },
  {
    prefix: '/api/v1',
    plural: 'persistentvolumes',
    namespaced: false,
    template: (name) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/x' } } })
  },
  {
    prefix: '/apis/apps/v1',
    plural: 'deployments',
    namespaced: true,
    template: (name) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } } })
  },
  {
    prefix: '/apis/apps/v1',
    plural: 'replicasets',
    namespaced: true,
    template: (name) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } } })
  },
  {
    prefix: '/apis/apps/v1',
    plural: 'daemonsets',
    namespaced: true,
    template: (name) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } } })
  },
  {
    prefix: '/apis/autoscaling/v2',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    template: (name) => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] }
    })
  },
  {
    prefix: '/apis/autoscaling/v1',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    template: (name) => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 } })
  },
  {
    prefix: '/apis/networking.k8s.io/v1',
    plural: 'networkpolicies',
    namespaced: true,
    template: (name) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec: { podSelector: { matchLabels: labels }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } })
  },
  { prefix: '/apis/coordination.k8s.io/v1', plural: 'leases', namespaced: true, template: (name) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: 'h', leaseDurationSeconds: 15 } }) },
  {
    prefix: '/apis/discovery.k8s.io/v1',
    plural: 'endpointslices',
    namespaced: true,
    template: (name) => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] })
  },
  { prefix: '/apis/storage.k8s.io/v1', plural: 'storageclasses', namespaced: false, template: (name) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'x.io/p' }) }
]

/** Names of objects the fuzzer patches, updates and deletes (in the namespace `fuzz`, or cluster-scoped). */
const existingNames = ['obj-a', 'obj-b']

/** Every path to a node of a JSON value, for replacing one at random. */
function nodePaths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at)
  if (Array.isArray(v)) v.forEach((x, i) => nodePaths(x, [...at, i], out))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) nodePaths(x, [...at, k], out)
  return out
}

function setAt(root: Json, path: (string | number)[], value: Json): Json {
  if (path.length === 0) return value
  let cur = root as Record<string | number, Json>
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, Json>
  cur[path[path.length - 1]] = value
  return root
}

interface FuzzRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer
  /** What kind of body it is, for grouping failures. */
  bodyKind: string
  /** The path with names and parameters blanked out, for grouping failures. */
  shape: string
}

function deepNesting(g: Gen): string {
  const n = g.pick([100, 1000, 10_000, 100_000])
  if (g.chance(0.5)) return '['.repeat(n) + ']'.repeat(n)
  const inner = '{"a":'.repeat(n) + '1' + '}'.repeat(n)
  return g.pick([
    inner,
    `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep","labels":${inner}}}`,
    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep"},"spec":${inner}}`,
    `{"metadata":{"annotations":{"x":"y"}},"spec":{"containers":[${inner}]}}`
  ])
}

function yamlBody(g: Gen, obj: Json): string {
  return g.pick([
    'a: [',
    '- - -\n  - x',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y2\n',
    'a: &a ["x","x","x","x"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: [*c,*c,*c,*c]\n',
    'key: !!binary AAAA\n',
    'metadata: !!str\n  name: x',
    '? [a, b]\n: c\n',
    'x: 0x1F\ny: 1_000\nz: .inf\nw: ~\n',
    'metadata:\n  name: y\n  labels: &l {a: *l}\n',
    '\t\tbad indent',
    '%YAML 1.1\n---\nkind: Pod',
    JSON.stringify(obj),
    `metadata: {name: ${g.str(8)}}\nspec: ${JSON.stringify(g.json(3))}\n`
  ])
}

function jsonPatchOp(g: Gen): Json {
  const path = g.pick([
    '/metadata/labels/x',
    '/metadata/labels',
    '/metadata/name',
    '/metadata/namespace',
    '/metadata/resourceVersion',
    '/metadata/uid',
    '/metadata/finalizers/-',
    '/metadata/annotations/a~1b',
    '/spec/containers/0/image',
    '/spec/containers/9',
    '/spec/containers/-',
    '/spec/replicas',
    '/spec',
    '/data/k',
    '/status',
    '',
    '/',
    'no-slash',
    '/~2',
    '/a/b/c/d',
    '/spec/template/spec/containers/0',
    '/kind',
    '/apiVersion',
    '/spec/ports/0/port',
    '/spec/selector'
  ])
  const op: Record<string, Json> = { op: g.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', '', 'ADD']), path }
  if (g.chance(0.8)) op.value = g.json(2)
  if (g.chance(0.3)) op.from = g.pick(['/metadata/labels', '/spec', '/nope', 'x', '/metadata', '/spec/containers/0'])
  if (g.chance(0.1)) delete op.op
  if (g.chance(0.05)) op.path = g.json(1)
  return op
}

function strategicPatch(g: Gen): Json {
  return g.pick<() => Json>([
    () => ({ metadata: { labels: { x: g.str(5) } } }),
    () => ({ $patch: g.pick(['delete', 'replace', 'merge', 'bogus', 3]) }),
    () => ({ spec: { containers: [{ name: 'c', $patch: g.pick(['delete', 'replace', 'x']) }] } }),
    () => ({ spec: { containers: g.json(2) } }),
    () => ({ spec: { 'containers': [{ image: 'x' }] } }),
    () => ({ spec: { $setElementOrder: 1, '$setElementOrder/containers': g.json(2) } }),
    () => ({ spec: { $retainKeys: g.json(1), replicas: 3 } }),
    () => ({ metadata: { '$deleteFromPrimitiveList/finalizers': g.json(1) } }),
    () => ({ spec: { template: { spec: { containers: [{ name: g.json(1), image: 'x' }] } } } }),
    () => ({ spec: { ports: [{ port: g.json(1) }] } }),
    () => ({ metadata: g.json(2), spec: g.json(2) }),
    () => ({ spec: { selector: { $patch: 'replace', matchLabels: g.json(1) } } }),
    () => g.json(3)
  ])()
}

function mutate(g: Gen, obj: Record<string, Json>): Json {
  const root: Json = obj
  const n = 1 + g.int(3)
  let out: Json = root
  for (let i = 0; i < n; i++) {
    const paths = nodePaths(out)
    const p = g.pick(paths)
    out = setAt(out, p, g.json(2))
  }
  return out
}

function makeBody(g: Gen, target: Target, ns: string | undefined, name: string | undefined, method: string): { body?: Buffer; contentType?: string; kind: string } {
  const objName = name ?? g.pick(['fz-' + g.str(6, 'abcdefghij'), 'obj-a', g.weirdStr()])
  const tmpl = (): Record<string, Json> => target.template(objName, ns)
  const wantPatch = method === 'PATCH' && g.chance(0.8)
  if (wantPatch) {
    const type = g.pick(['json', 'merge', 'strategic', 'apply', 'bogus'])
    switch (type) {
      case 'json': {
        const ops: Json = g.chance(0.85) ? Array.from({ length: 1 + g.int(3) }, () => jsonPatchOp(g)) : g.json(2)
        return { body: Buffer.from(JSON.stringify(ops)), contentType: 'application/json-patch+json', kind: 'json-patch' }
      }
      case 'merge':
        return { body: Buffer.from(JSON.stringify(g.chance(0.5) ? mutate(g, tmpl()) : g.json(3))), contentType: 'application/merge-patch+json', kind: 'merge-patch' }
      case 'strategic':
        return { body: Buffer.from(JSON.stringify(strategicPatch(g))), contentType: 'application/strategic-merge-patch+json', kind: 'strategic-patch' }
      case 'apply': {
        const b = g.chance(0.5) ? yamlBody(g, mutate(g, tmpl())) : JSON.stringify(g.chance(0.5) ? tmpl() : mutate(g, tmpl()))
        return { body: Buffer.from(b), contentType: 'application/apply-patch+yaml', kind: 'apply-patch' }
      }
      default:
        return { body: Buffer.from(JSON.stringify(g.json(2))), contentType: g.pick(['application/json', 'text/plain', undefined, 'application/patch']), kind: 'patch-bogus-type' }
    }
  }
  const kind = g.pick(['valid', 'mutated', 'mutated', 'mutated', 'random', 'truncated', 'deep', 'huge', 'array', 'unknown-kind', 'mismatch', 'protobuf', 'yaml', 'empty', 'bytes', 'wrong-meta'])
  const jsonCT = (): string | undefined => g.pick(['application/json', 'application/json', 'application/json; charset=utf-8', '*/*', undefined, 'text/plain', 'application/x-www-form-urlencoded', 'garbage;;;'])
  switch (kind) {
    case 'valid':
      return { body: Buffer.from(JSON.stringify(tmpl())), contentType: jsonCT(), kind }
    case 'mutated':
      return { body: Buffer.from(JSON.stringify(mutate(g, tmpl()))), contentType: g.chance(0.85) ? 'application/json' : jsonCT(), kind }
    case 'random':
      return { body: Buffer.from(JSON.stringify(g.json(4))), contentType: jsonCT(), kind }
    case 'truncated': {
      const s = JSON.stringify(tmpl())
      return { body: Buffer.from(s.slice(0, g.int(s.length))), contentType: 'application/json', kind }
    }
    case 'deep':
      return { body: Buffer.from(deepNesting(g)), contentType: g.pick(['application/json', 'application/yaml']), kind }
    case 'huge': {
      const o = tmpl()
      const big = 'h'.repeat(g.pick([100_000, 1_000_000, 2_900_000]))
      const where = g.int(4)
      if (where === 0) (o.metadata as Record<string, Json>).annotations = { big }
      // Long, but within Node's 16 KiB request head so that an event (whose name need only be a path segment) so named stays readable.
      else if (where === 1) (o.metadata as Record<string, Json>).name = big.slice(0, 10_000)
      else if (where === 2) o.data = { big }
      else (o.metadata as Record<string, Json>).labels = { k: big.slice(0, 10_000) }
      return { body: Buffer.from(JSON.stringify(o)), contentType: 'application/json', kind }
    }
    case 'array':
      return { body: Buffer.from(JSON.stringify(g.chance(0.5) ? [tmpl()] : [])), contentType: jsonCT(), kind }
    case 'unknown-kind': {
      const o = tmpl()
      o.kind = g.pick(['Frobnicator', '', 'pod', 'List', 'Status', 'Deployment', 'Scale', 'Table'])
      o.apiVersion = g.pick(['v1', 'v2', 'apps/v1', 'foo.example/v1', '/', '', 'a/b/c', 'autoscaling/v1'])
      if (o.kind === 'List') o.items = [tmpl()]
      return { body: Buffer.from(JSON.stringify(o)), contentType: 'application/json', kind }
    }
    case 'mismatch': {
      const o = tmpl()
      const m = o.metadata as Record<string, Json>
      m.namespace = g.pick(['other', 'seed-not', '', 'UPPER', g.weirdStr()])
      m.name = g.pick(['different', '', g.weirdStr(), objName + 'x'])
      if (g.chance(0.3)) m.generateName = g.pick(['gen-', '', 'UP-', g.weirdStr()])
      if (g.chance(0.3)) m.resourceVersion = g.pick(['1', 'abc', '-1', '99999999', ''])
      if (g.chance(0.3)) m.uid = g.pick(['x', ''])
      return { body: Buffer.from(JSON.stringify(o)), contentType: 'application/json', kind }
    }
    case 'protobuf': {
      const len = g.int(200)
      const bytes = Buffer.alloc(len)
      for (let i = 0; i < len; i++) bytes[i] = g.int(256)
      const body = g.chance(0.7) ? Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), bytes]) : bytes
      return { body, contentType: KUBERNETES_PROTOBUF, kind }
    }
    case 'yaml':
      return { body: Buffer.from(yamlBody(g, g.chance(0.5) ? tmpl() : mutate(g, tmpl()))), contentType: g.pick(['application/yaml', 'application/yaml; charset=utf-8', 'application/x-yaml']), kind }
    case 'empty':
      return { body: g.chance(0.5) ? Buffer.alloc(0) : undefined, contentType: jsonCT(), kind }
    case 'bytes': {
      const len = g.int(300)
      const bytes = Buffer.alloc(len)
      for (let i = 0; i < len; i++) bytes[i] = g.int(256)
      return { body: bytes, contentType: jsonCT(), kind }
    }
    default: {
      // wrong types for well-known metadata and spec fields
      const o = tmpl()
      const field = g.pick(['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences', 'generateName', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'managedFields', 'uid', 'generation', 'deletionGracePeriodSeconds'])
      const meta = o.metadata as Record<string, Json>
      meta[field] = g.pick<Json>([1, 'str', true, [], {}, ['a'], { a: 1 }, [{ a: 1 }], null, { a: { b: 'c' } }, [1, 2]])
      if (g.chance(0.5)) o.spec = g.pick<Json>([1, 'str', [], true, { containers: 'x' }, { replicas: '3' }, { selector: 'x' }, { template: [] }, { ports: {} }])
      if (g.chance(0.2)) o.metadata = g.pick<Json>([1, 'x', [], true])
      return { body: Buffer.from(JSON.stringify(o)), contentType: 'application/json', kind: `wrong-meta.${field}` }
    }
  }
}

function makeQuery(g: Gen): string {
  const params: [string, string][] = []
  const n = g.int(4)
  const opts: Record<string, () => string> = {
    labelSelector: () => g.pick(['a in (', '!!', 'a=b,c!=d', 'a notin (x,y)', '=', 'a==b==c', 'x'.repeat(1000), 'a in ()', 'a,b,!c', 'a>1', 'A/B/C=d', 'a=' + 'v'.repeat(70), '(', ',', 'app=fz']),
    fieldSelector: () => g.pick(['metadata.name=', 'spec.nodeName==x', 'foo=bar', 'status.phase!=Running', 'metadata.name=obj-a', '=', ',,', 'a!b', 'metadata.namespace in (x)', 'spec.nodeName=' + 'n'.repeat(500)]),
    limit: () => g.pick(['-1', 'abc', '1e9', '0', '99999999999999999999', '1', '2', '']),
    continue: () =>
      g.pick([
        'garbage',
        '%%%',
        '',
        Buffer.from('{"v":"meta.k8s.io/v1","rv":-5,"start":"x"}').toString('base64'),
        Buffer.from('{"v":"meta.k8s.io/v1","rv":1,"start":"\u0000"}').toString('base64url'),
        Buffer.from('[1,2]').toString('base64'),
        Buffer.from('null').toString('base64'),
        Buffer.from(JSON.stringify({ rv: 'x', start: 3 })).toString('base64')
      ]),
    resourceVersion: () => g.pick(['abc', '-1', '0', '999999999', '1.5', '', '1', '18446744073709551616']),
    resourceVersionMatch: () => g.pick(['Exact', 'NotOlderThan', 'junk', '']),
    timeoutSeconds: () => g.pick(['1', '0', '-5', 'x', '1e3']),
    watch: () => g.pick(['true', '1', 'false', 'garbage', '']),
    dryRun: () => g.pick(['All', 'junk', '', 'All']),
    fieldManager: () => g.pick(['m', 'x'.repeat(200), 'ünïcödé', '', 'kubectl-client-side-apply']),
    fieldValidation: () => g.pick(['Strict', 'Warn', 'Ignore', 'junk', '']),
    force: () => g.pick(['true', 'x', 'false']),
    gracePeriodSeconds: () => g.pick(['x', '-1', '0', '30', '1e99']),
    propagationPolicy: () => g.pick(['Orphan', 'Foreground', 'Background', 'junk']),
    pretty: () => g.pick(['true', 'x']),
    allowWatchBookmarks: () => g.pick(['true', 'x']),
    sendInitialEvents: () => g.pick(['true', 'x']),
    timeout: () => g.pick(['5s', 'x', '-1s', '0']),
    orphanDependents: () => g.pick(['true', 'x']),
    container: () => g.pick(['c', 'nope', '']),
    '%zz': () => '%zz',
    [g.str(5)]: () => g.str(5)
  }
  for (let i = 0; i < n; i++) {
    const key = g.pick(Object.keys(opts))
    params.push([key, opts[key]()])
  }
  if (!params.length) return ''
  // Mostly well-encoded, sometimes raw (percent signs and all).
  if (g.chance(0.85)) return '?' + new URLSearchParams(params).toString()
  return '?' + params.map(([k, v]) => `${k}=${v.replace(/[^\x21-\x7e]/g, encodeURIComponent)}`).join('&')
}

/** A path segment as it goes on the wire: printable ASCII only (the client refuses the rest), one segment. */
function seg(s: string): string {
  return /^[\x21-\x7e]*$/.test(s) && !/[?#/]/.test(s) ? s : encodeURIComponent(s)
}

function safeName(s: string): string {
  return s.toLowerCase().startsWith('seed') ? 'x' + s : s
}

function makeRequest(g: Gen, allowWatch: boolean): FuzzRequest {
  const method = g.pick(['GET', 'GET', 'POST', 'POST', 'PUT', 'PUT', 'PATCH', 'PATCH', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])
  const headers: Record<string, string> = {}
  if (g.chance(0.3))
    headers.accept = g.pick([
      'application/json',
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
      'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io',
      'application/json;as=Table;v=v9;g=bogus',
      KUBERNETES_PROTOBUF,
      'text/html',
      '*/*',
      ';;;',
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'
    ])

  // Non-API and odd paths, now and then.
  if (g.chance(0.06)) {
    const path = g.pick([
      '/',
      '/version',
      '/healthz',
      '/livez?verbose',
      '/readyz/ping',
      '/metrics',
      '/openapi/v2',
      '/openapi/v3',
      '/openapi/v3/apis/apps/v1',
      '/openapi/v3/api/v1?hash=x',
      '/openapi/v3/%zz',
      '/openapi/v3/apis/bogus/v1',
      '//api',
      '/api/../apis',
      '/api/%zz',
      '/apis/%zz/v1',
      '/apis/apps',
      '/apis/bogus',
      '/apis/apps/v9',
      '/api/v2',
      '/api',
      '/apis',
      '/api/v1/',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/api/v1/namespaces/%zz/pods',
      '/api/v1/namespaces/fuzz/pods/%E0%A4%A',
      '/api/v1/watch',
      '/api/v1/watch/namespaces',
      '/apis/apps/v1/namespaces/fuzz/deployments/obj-a/scale/extra',
      '/api/v1/namespaces/fuzz/finalize',
      '/api/v1/namespaces/fuzz/status'
    ])
    return { method, path, headers, bodyKind: 'none', shape: `${method} ${path}` }
  }

  // A resource path, built from parts.
  const target = g.pick(targets)
  let prefix = target.prefix
  if (g.chance(0.08)) prefix = g.pick(['/api/v2', '/apis/foo.example/v1', '/apis/apps/v1beta1', '/apis/%zz/v1', '/apis/../v1', '/api/v1/..', '/apis/apps/V1', '/apis/autoscaling/v1'])
  let ns: string | undefined
  if (target.namespaced || g.chance(0.1)) {
    if (g.chance(0.85)) ns = g.pick(['fuzz', 'fuzz', 'fuzz', 'default', 'kube-system', 'missing-ns', g.weirdStr(), '%zz', '..', 'UPPER'])
  }
  let name: string | undefined
  if (g.chance(0.65)) name = g.pick([...existingNames, ...existingNames, 'missing', 'fz-' + g.str(6, 'abcdefghij'), g.weirdStr(), '%2F', '%00', '%zz', '..', '%2e%2e', 'n'.repeat(253), 'm'.repeat(254)])
  let sub: string | undefined
  if (name !== undefined && g.chance(0.2)) sub = g.pick(['status', 'scale', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'proxy', 'finalize', 'bogus', '..', '%zz'])
  let resource = target.plural
  if (g.chance(0.05)) resource = g.pick(['podz', 'Pods', '%2e%2e', '..', 'x'.repeat(300), 'pods.v1', 'pod', 'po', '%zz', 'scale'])
  const watchPrefix = method === 'GET' && name === undefined && g.chance(0.05)

  // Keep the fuzzer off the seed objects: nothing named seed*, no writes outside a namespace that could reach them.
  if (ns !== undefined) ns = safeName(ns)
  if (name !== undefined) name = safeName(name)
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(method)
  // (An empty name leaves a trailing slash: the collection again.)
  if (write && ns === undefined && !name) ns = 'fuzz'

  const parts = [prefix]
  if (watchPrefix) parts.push('watch')
  if (ns !== undefined) parts.push('namespaces', seg(ns))
  parts.push(seg(resource))
  if (name !== undefined) parts.push(seg(name))
  if (sub !== undefined) parts.push(sub)
  if (g.chance(0.03)) parts.push(g.pick(['extra', 'x/y', '..', '']))
  let query = makeQuery(g)
  if (!allowWatch && /watch=(true|1|t|T|TRUE|True)(&|$)/.test(query)) query = query.replace(/watch=[^&]*/, 'watch=false')
  if (!allowWatch && watchPrefix) parts.splice(1, 1)
  let path = parts.join('/') + query
  if (path.length > 14_000) path = path.slice(0, 14_000)

  let bodyKind = 'none'
  if (method === 'POST' || method === 'PUT' || method === 'PATCH' || (method === 'DELETE' && g.chance(0.3)) || g.chance(0.02)) {
    let b: { body?: Buffer; contentType?: string; kind: string }
    if (method === 'DELETE' && g.chance(0.7)) {
      const opts = g.pick<Json>([
        { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: g.pick(['Orphan', 'junk', 1]) },
        { gracePeriodSeconds: g.pick<Json>(['x', -1, 1.5, null]) },
        { preconditions: { uid: g.pick<Json>(['x', 1, null]), resourceVersion: g.pick<Json>(['1', 2, []]) } },
        { dryRun: g.pick<Json>(['All', ['All'], ['x'], 1]) },
        g.json(2)
      ])
      b = { body: Buffer.from(JSON.stringify(opts)), contentType: 'application/json', kind: 'delete-options' }
    } else {
      b = makeBody(g, target, ns, name, method)
    }
    bodyKind = b.kind
    if (b.contentType !== undefined) headers['content-type'] = b.contentType
    if (g.chance(0.05)) headers['content-type'] = g.pick(['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml', KUBERNETES_PROTOBUF, 'application/yaml', 'application/cbor'])
    if (b.body) {
      bodyKind += ` ${headers['content-type'] ?? '(no content-type)'}`
      return { method, path, headers, body: b.body, bodyKind, shape: shapeOf(method, prefix, ns, resource, name, sub) }
    }
  }
  return { method, path, headers, bodyKind, shape: shapeOf(method, prefix, ns, resource, name, sub) }
}

function shapeOf(method: string, prefix: string, ns: string | undefined, resource: string, name: string | undefined, sub: string | undefined): string {
  return `${method} ${prefix}${ns !== undefined ? '/namespaces/{ns}' : ''}/${resource.length > 20 ? '{long}' : resource}${name !== undefined ? '/{name}' : ''}${sub ? '/' + sub : ''}`
}

/**
 * Strategic merge patch errors that kube-apiserver itself answers with 500 and
 * an empty reason (`unknown patch type`, `expected a []interface {}, but
 * received a ...`, `list element types are not identical`), which
 * test/unit/apiserver/patch/strategic-merge-patch-directives.test.ts pins.
 */
function isStrategicPatchInternalError(r: FuzzRequest, a: Answer): boolean {
  if (r.method !== 'PATCH' || r.headers['content-type'] !== 'application/strategic-merge-patch+json') return false
  try {
    const s = JSON.parse(a.body.toString('utf8'))
    return s.kind === 'Status' && s.code === 500 && s.reason === ''
  } catch {
    return false
  }
}

interface Answer {
  status: number
  contentType: string
  body: Buffer
  stream: boolean
}

describe('API handler fuzzing', () => {
  let cluster: Cluster
  let server: Server
  let handler: ApiHandler
  let port: number
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const unhandled: unknown[] = []
  const onUnhandled = (e: unknown): void => void unhandled.push(e)

  function send(r: FuzzRequest): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...r.headers }
      if (r.body) headers['content-length'] = r.body.length
      const req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent }, (res) => {
        const stream = res.statusCode === 200 && res.headers['content-length'] === undefined && r.method !== 'HEAD'
        if (stream) {
          // A watch: the answer started; close it rather than wait on a manual clock.
          res.destroy()
          resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.alloc(0), stream: true })
          return
        }
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks), stream: false }))
        res.on('error', reject)
      })
      req.setTimeout(20_000, () => req.destroy(new Error(`no answer in 20s: ${r.method} ${r.path.slice(0, 200)}`)))
      req.on('error', reject)
      req.end(r.body)
    })
  }

  const json = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const a = await send({ method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)), bodyKind: '', shape: '' })
    return { status: a.status, body: a.body.length ? JSON.parse(a.body.toString('utf8')) : undefined }
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    process.on('uncaughtException', onUnhandled)
    // As startApiServer does: kubectl sends protobuf bodies.
    registerDecoder(KUBERNETES_PROTOBUF, (body) => {
      try {
        return decodeKubernetesProtobuf(body).object
      } catch (e) {
        throw badRequest(`Object cannot be decoded: ${(e as Error).message}`)
      }
    })
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    handler = new ApiHandler({ resources: cluster.resources, clock: cluster.clock, serverAddress: () => '127.0.0.1:0' })
    server = createServer((req, res) => handler.handle(req, res))
    // As the API server (tls-server.ts): pooled keep-alive connections may idle for 90 s. Node's 5 s
    // default closes them under a loaded machine just as the agent reuses one, and that reset is no answer of ours.
    server.keepAliveTimeout = 90_000
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    port = (server.address() as AddressInfo).port
  })

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    process.off('uncaughtException', onUnhandled)
    agent.destroy()
    handler.close()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    await cluster.stop()
  })

  it('answers 10,000 malformed requests with 2xx or 4xx Status errors, and loses nothing', { timeout: 120_000 }, async () => {
    // Namespaces, seed objects (never touched), and objects the fuzzer aims at.
    for (const ns of ['seed', 'fuzz']) expect((await json('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })).status).toBe(201)
    const seeds: { path: string; obj: unknown }[] = []
    for (const t of targets) {
      if (t.prefix === '/apis/autoscaling/v1' || t.plural === 'namespaces') continue
      const coll = `${t.prefix}${t.namespaced ? '/namespaces/seed' : ''}/${t.plural}`
      const created = await json('POST', coll, t.template(t.namespaced ? 'seed-obj' : 'seed-' + t.plural, t.namespaced ? 'seed' : undefined))
      expect(created.status, `${coll}: ${JSON.stringify(created.body)}`).toBe(201)
      seeds.push({ path: `${coll}/${created.body.metadata.name}`, obj: created.body })
      for (const n of existingNames) {
        const c = await json('POST', `${t.prefix}${t.namespaced ? '/namespaces/fuzz' : ''}/${t.plural}`, t.template(n, t.namespaced ? 'fuzz' : undefined))
        expect(c.status, JSON.stringify(c.body)).toBe(201)
      }
    }

    const g = new Gen(prng(SEED))
    const failures = new Map<string, { count: number; examples: string[] }>()
    let sent = 0
    let bodyless4xx = 0
    let knownStrategicPatch500s = 0
    const record = (r: FuzzRequest, a: Answer | Error): void => {
      let problem: string | undefined
      if (a instanceof Error) problem = `error: ${a.message.replace(/\d+/g, 'N').slice(0, 120)}`
      else if (a.status >= 300 && a.status < 400 && r.path.startsWith('/openapi/v3/')) {
        // A stale ?hash= is redirected to the current one, as kube-apiserver does.
      } else if (a.status === 500 && isStrategicPatchInternalError(r, a)) {
        // Known, not fixed here: see the it.todo below.
        knownStrategicPatch500s++
      } else if (a.status >= 500 || a.status < 200 || (a.status >= 300 && a.status < 400)) {
        let msg = a.body.toString('utf8').slice(0, 300)
        try {
          msg = JSON.parse(a.body.toString('utf8')).message ?? msg
        } catch {
          // not JSON
        }
        problem = `${a.status} ${r.method === 'HEAD' ? 'HEAD' : ''}: ${String(msg).replace(/\d+/g, 'N').slice(0, 160)}`
      } else if (a.status >= 400 && r.method !== 'HEAD') {
        try {
          const s = JSON.parse(a.body.toString('utf8'))
          if (s.kind !== 'Status' || s.status !== 'Failure' || s.code !== a.status || typeof s.message !== 'string') problem = `${a.status} without a Failure Status: ${a.body.toString('utf8').slice(0, 100)}`
        } catch {
          bodyless4xx++
          problem = `${a.status} with a non-JSON body: ${a.body.toString('utf8').slice(0, 100)}`
        }
      }
      if (!problem) return
      // One class per problem (status and message, names and numbers blanked); a few examples each.
      const key = problem.replace(/"[^"]*"/g, '"…"')
      const example = `${r.shape} [${r.bodyKind}]: ${r.method} ${r.path.slice(0, 200)} body=${(r.body ?? Buffer.alloc(0)).toString('utf8').slice(0, 200)}`
      const f = failures.get(key)
      if (!f) failures.set(key, { count: 1, examples: [example] })
      else if (++f.count && f.examples.length < 3) f.examples.push(example)
    }

    // Concurrent: bounded parallelism over keep-alive connections.
    const requests = Array.from({ length: CONCURRENT_REQUESTS }, () => makeRequest(g, true))
    let next = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const r = requests[next++]
          sent++
          try {
            record(r, await send(r))
          } catch (e) {
            record(r, e as Error)
          }
        }
      })
    )

    // Sequential: a failed request must not move the store's revision.
    const revisionMoves: string[] = []
    for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
      const r = makeRequest(g, false)
      const before = cluster.store.revision
      sent++
      let a: Answer | Error
      try {
        a = await send(r)
      } catch (e) {
        a = e as Error
      }
      record(r, a)
      const ok = !(a instanceof Error) && a.status >= 200 && a.status < 300
      const dryRun = /dryRun=All/.test(r.path)
      const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)
      if (cluster.store.revision !== before && (!ok || !write || dryRun)) {
        revisionMoves.push(`${a instanceof Error ? a.message : a.status} ${r.method} ${r.path.slice(0, 200)}`)
      }
    }

    const report = [...failures.entries()].sort((a, b) => b[1].count - a[1].count).map(([k, v]) => `${v.count}x ${k}\n${v.examples.map((e) => `    e.g. ${e}`).join('\n')}`)
    if (report.length) console.log(`fuzz failures (${report.length} distinct):\n${report.join('\n')}`)
    if (knownStrategicPatch500s) console.log(`${knownStrategicPatch500s} strategic merge patch 500s (known, see it.todo)`)
    expect(sent).toBeGreaterThanOrEqual(10_000)
    expect(report).toEqual([])
    expect(bodyless4xx).toBe(0)
    expect(revisionMoves).toEqual([])
    expect(unhandled).toEqual([])

    // Still answering.
    expect((await json('GET', '/version')).status).toBe(200)

    // Seed objects unchanged.
    for (const s of seeds) {
      const got = await json('GET', s.path)
      expect(got.status, s.path).toBe(200)
      expect(got.body, s.path).toEqual(s.obj)
    }

    // Every stored object readable, and valid: it can be written back unchanged (dry run).
    const invalid: string[] = []
    for (const t of targets) {
      const list = await json('GET', `${t.prefix}/${t.plural}`)
      expect(list.status, t.plural).toBe(200)
      for (const item of list.body.items as { metadata: { name: string; namespace?: string } }[]) {
        const path = `${t.prefix}${item.metadata.namespace ? `/namespaces/${encodeURIComponent(item.metadata.namespace)}` : ''}/${t.plural}/${encodeURIComponent(item.metadata.name)}`
        const got = await json('GET', path)
        if (got.status !== 200) {
          invalid.push(`GET ${path}: ${got.status}`)
          continue
        }
        const put = await json('PUT', `${path}?dryRun=All`, { ...got.body, apiVersion: t.prefix === '/api/v1' ? 'v1' : t.prefix.slice('/apis/'.length), kind: got.body.kind })
        if (put.status !== 200) invalid.push(`PUT ${path}: ${put.status} ${put.body?.message}`)
      }
    }
    expect(invalid).toEqual([])
  })

  it.todo(
    'answers malformed strategic merge patches with 4xx: `{"$patch": 3}` (unknown patch type: %!s(int64=3) in map: ...) and ' +
      '`{"$setElementOrder/containers": {...}}` (expected a []interface {}, but received a map) are 500 with reason "" as in ' +
      'kube-apiserver, pinned by test/unit/apiserver/patch/strategic-merge-patch-directives.test.ts'
  )
})
