/**
 * The lessons' checks (main/cluster/scenarios): each is a pure function of
 * cluster objects, so each is driven here through the states a real cluster
 * passes through.
 */
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { podsReady } from '../../../main/cluster/scenarios/checks'
import { lessonById, lessons } from '../../../main/cluster/scenarios/index'
import type { Action, CheckContext, Lesson, Step } from '../../../main/cluster/scenarios/types'
import { examples } from './apply-examples'
import { contextOf, defaultNodes, deployment, endpoints, node, pod, rc, service, trace } from './fixtures'

const objectsOf = (yaml: string): KubeObject[] => parseAllDocuments(yaml).map((d) => d.toJS() as KubeObject)
const example = (id: string): string => examples.find((e: { id: string }) => e.id === id)!.yaml

const lesson = (id: string): Lesson => {
  const l = lessonById(id)
  if (!l) throw new Error(`no lesson ${id}`)
  return l
}
const stepOf = (id: string, step: string): Step => {
  const s = lesson(id).steps.find((x) => x.id === step)
  if (!s) throw new Error(`no step ${id}/${step}`)
  return s
}
const check = (id: string, step: string, objects: KubeObject[], extra: Parameters<typeof contextOf>[1] = {}) => stepOf(id, step).check(contextOf(objects, extra))
const resolve = (id: string, step: string, index: number, ctx: CheckContext): Action | string => {
  const a = stepOf(id, step).actions![index].action
  return typeof a === 'function' ? a(ctx) : a
}

describe('every lesson', () => {
  it('has unique ids and steps, and every check answers on a fresh cluster with a reason', () => {
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length)
    expect(lessons.map((l) => l.id)).toEqual(['guestbook', 'scale-rc', 'node-down', 'hpa', 'pv-pvc', 'static-pods', 'namespaces', 'broken-service'])
    const doneAtStart: string[] = []
    for (const l of lessons) {
      expect(new Set(l.steps.map((s) => s.id)).size).toBe(l.steps.length)
      for (const s of l.steps) {
        const r = s.check(contextOf(defaultNodes()))
        if (r.done) doneAtStart.push(`${l.id}/${s.id}`)
        expect(r.reason, `${l.id}/${s.id}`).not.toBe('')
      }
    }
    // Only the steps that undo an earlier one hold on a fresh cluster: they count once the steps before them passed.
    expect(doneAtStart).toEqual(['node-down/power-on', 'static-pods/remove-static'])
  })

  it("ships manifests that parse, with kinds and names (the ones 'Apply for me' sends)", () => {
    for (const l of lessons) {
      for (const s of l.steps.filter((x) => x.manifests)) {
        const docs = parseAllDocuments(s.manifests!)
        expect(docs.length, `${l.id}/${s.id}`).toBeGreaterThan(0)
        for (const d of docs) {
          expect(d.errors, `${l.id}/${s.id}`).toEqual([])
          const o = d.toJS() as KubeObject
          expect(o.kind && o.apiVersion && o.metadata?.name, `${l.id}/${s.id}`).toBeTruthy()
        }
      }
    }
  })
})

describe('podsReady', () => {
  const check = podsReady('replicationcontrollers', 'redis-slave')
  it('counts the Ready pods the controller selects against spec.replicas', () => {
    expect(check(contextOf([]))).toEqual({ done: false, reason: 'no ReplicationController redis-slave in default yet' })
    const slave = rc('redis-slave', 2, { name: 'redis-slave' })
    const a = pod('redis-slave-a', { name: 'redis-slave' })
    const b = pod('redis-slave-b', { name: 'redis-slave' }, { ready: false, phase: 'Pending' })
    expect(check(contextOf([slave, a, b]))).toEqual({ done: false, reason: '1 of 2 redis-slave pods Ready' })
    const b2 = pod('redis-slave-b', { name: 'redis-slave' })
    expect(check(contextOf([slave, a, b2]))).toEqual({ done: true, reason: '2 of 2 redis-slave pods Ready' })
    // Pods of other selectors and namespaces, and terminating pods, do not count.
    const other = pod('redis-slave-x', { name: 'redis-slave' }, { ns: 'shop' })
    const dying = pod('redis-slave-old', { name: 'redis-slave' }, { deleting: true })
    expect(check(contextOf([slave, a, b2, other, dying])).done).toBe(true)
  })
  it('is not done while more pods than wanted remain', () => {
    const slave = rc('redis-slave', 1, { name: 'redis-slave' })
    const pods = ['a', 'b'].map((n) => pod(`redis-slave-${n}`, { name: 'redis-slave' }))
    expect(check(contextOf([slave, ...pods]))).toEqual({ done: false, reason: '2 of 1 redis-slave pod Ready; 1 more still to go away' })
  })
})

describe('the Guestbook', () => {
  it("has the Apply dialog's Guestbook example as its manifests, one tier per step", () => {
    const all = objectsOf(example('guestbook'))
    for (const tier of ['redis-master', 'redis-slave', 'frontend']) {
      const step = objectsOf(stepOf('guestbook', tier).manifests!)
      expect(step.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`ReplicationController/${tier}`, `Service/${tier}`])
      expect(step).toEqual(all.filter((o) => o.metadata.name === tier))
    }
    expect(objectsOf(stepOf('scale-rc', 'start').manifests!)).toEqual(objectsOf(example('guestbook-frontend')))
  })
  it('wants the frontend on NodePort 30001 with three ready endpoints', () => {
    const frontend = rc('frontend', 3, { name: 'frontend' })
    const pods = ['a', 'b', 'c'].map((n) => pod(`frontend-${n}`, { name: 'frontend' }))
    const clusterIp = service('frontend', { name: 'frontend' }, [{ port: 80 }])
    expect(check('guestbook', 'frontend', [frontend, ...pods, clusterIp, endpoints('frontend', 3)]).reason).toBe('Service frontend has no NodePort 30001')
    const nodePort = service('frontend', { name: 'frontend' }, [{ port: 80, nodePort: 30001 }])
    expect(check('guestbook', 'frontend', [frontend, ...pods, nodePort, endpoints('frontend', 2)]).reason).toBe('Service frontend has 2 ready endpoints')
    expect(check('guestbook', 'frontend', [frontend, ...pods, nodePort, endpoints('frontend', 3)])).toEqual({ done: true, reason: 'Service frontend has 3 ready endpoints' })
  })
  it("traces a visitor from outside to the first worker's NodePort", () => {
    const ctx = contextOf(defaultNodes())
    expect(resolve('guestbook', 'visit', 0, ctx)).toEqual({ type: 'trace', request: { source: { external: true }, destination: { address: '172.18.0.3', port: 30001 }, protocol: 'TCP' } })
    expect(check('guestbook', 'visit', [], { traces: [trace('guestbook/visit', 'Dropped', 'no endpoints')] })).toEqual({ done: false, reason: 'Dropped: no endpoints' })
    expect(check('guestbook', 'visit', [], { traces: [trace('guestbook/visit', 'Delivered', 'delivered to default/frontend-a')] }).done).toBe(true)
    // A trace another step ran does not count.
    expect(check('guestbook', 'visit', [], { traces: [trace('guestbook/frontend', 'Delivered', 'x')] }).done).toBe(false)
  })
})

describe('scale an RC', () => {
  it('is done at 5 only when the RC asks for 5 and 5 are Ready', () => {
    const pods = (n: number) => Array.from({ length: n }, (_, i) => pod(`frontend-${i}`, { name: 'frontend' }))
    expect(check('scale-rc', 'up', [rc('frontend', 3, { name: 'frontend' }), ...pods(3)]).reason).toBe('frontend asks for 3 replicas, not 5')
    expect(check('scale-rc', 'up', [rc('frontend', 5, { name: 'frontend' }), ...pods(4)]).reason).toBe('4 of 5 frontend pods Ready')
    expect(check('scale-rc', 'up', [rc('frontend', 5, { name: 'frontend' }), ...pods(5)]).done).toBe(true)
    expect(check('scale-rc', 'down', [rc('frontend', 1, { name: 'frontend' }), ...pods(3)]).done).toBe(false)
    expect(check('scale-rc', 'down', [rc('frontend', 1, { name: 'frontend' }), ...pods(1)]).done).toBe(true)
    expect(stepOf('scale-rc', 'up').actions![0].action).toMatchObject({ type: 'scale', name: 'frontend', replicas: 5 })
  })
})

describe('a node goes down', () => {
  const web = rc('web', 6, { app: 'web' })
  const spread = (nodes: string[]) => nodes.map((n, i) => pod(`web-${i}`, { app: 'web' }, { node: n }))
  it('powers off the worker running most web pods', () => {
    const ctx = contextOf([...defaultNodes(), web, ...spread(['kubelab-worker', 'kubelab-worker2', 'kubelab-worker2', 'kubelab-worker2', 'kubelab-worker3', 'kubelab-worker3'])])
    expect(resolve('node-down', 'power-off', 0, ctx)).toEqual({ type: 'node', node: 'kubelab-worker2', action: 'power-off' })
    expect(resolve('node-down', 'power-off', 0, contextOf(defaultNodes()))).toBe('no worker runs a web pod yet')
  })
  it('waits for NotReady, then for every pod Ready elsewhere', () => {
    const nodes = (ready: 'True' | 'Unknown') => [node('kubelab-worker'), node('kubelab-worker2', { power: 'off', ready }), node('kubelab-worker3')]
    expect(check('node-down', 'power-off', defaultNodes()).reason).toBe('every node still has power')
    expect(check('node-down', 'power-off', nodes('True')).reason).toBe('kubelab-worker2 is off, but still Ready until its 40 s grace period ends')
    expect(check('node-down', 'power-off', nodes('Unknown'))).toEqual({ done: true, reason: 'kubelab-worker2 is NotReady (Ready=Unknown)' })
    const stranded = spread(['kubelab-worker', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker2', 'kubelab-worker3', 'kubelab-worker3'])
    expect(check('node-down', 'moved', [...nodes('Unknown'), web, ...stranded]).reason).toBe('4 of 6 web pods Ready on other nodes; 2 still bound to kubelab-worker2')
    // Evicted pods stay Terminating on the dead node; their replacements run elsewhere.
    const evicted = [0, 1].map((i) => pod(`web-old-${i}`, { app: 'web' }, { node: 'kubelab-worker2', deleting: true }))
    const moved = spread(['kubelab-worker', 'kubelab-worker', 'kubelab-worker', 'kubelab-worker3', 'kubelab-worker3', 'kubelab-worker3'])
    expect(check('node-down', 'moved', [...nodes('Unknown'), web, ...moved, ...evicted])).toEqual({ done: true, reason: '6 of 6 web pods Ready on other nodes' })
    expect(check('node-down', 'power-on', [...nodes('Unknown')]).reason).toBe('kubelab-worker2 is still powered off')
    expect(check('node-down', 'power-on', [node('kubelab-worker'), node('kubelab-worker2', { power: 'on', ready: 'False' })]).reason).toBe('kubelab-worker2 is not Ready yet')
    expect(check('node-down', 'power-on', defaultNodes()).done).toBe(true)
  })
})

describe('autoscaling', () => {
  const rescale = (message: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'php-apache.1', namespace: 'default' },
    involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'php-apache', namespace: 'default' },
    reason: 'SuccessfulRescale',
    message,
    lastTimestamp: '2026-01-01T00:01:00Z'
  })
  const pods = (n: number) => Array.from({ length: n }, (_, i) => pod(`php-apache-${i}`, { run: 'php-apache' }))
  it('is scaled out once the HPA rescaled php-apache and its new pods are Ready', () => {
    expect(check('hpa', 'load', [deployment('php-apache', 1, { run: 'php-apache' }), ...pods(1)]).reason).toBe('php-apache still asks for 1 replica: no rescale yet')
    const event = rescale('New size: 5; reason: cpu resource utilization (percentage of request) above target')
    expect(check('hpa', 'load', [deployment('php-apache', 5, { run: 'php-apache' }), ...pods(3), event]).reason).toBe(
      '3 of 5 php-apache pods Ready (New size: 5; reason: cpu resource utilization (percentage of request) above target)'
    )
    expect(check('hpa', 'load', [deployment('php-apache', 5, { run: 'php-apache' }), ...pods(5), event]).done).toBe(true)
    expect(check('hpa', 'calm', [deployment('php-apache', 1, { run: 'php-apache' }), ...pods(1)]).done).toBe(true)
  })
})

describe('the broken Service', () => {
  const shop = [deployment('shop', 2, { app: 'shop' }), pod('shop-a', { app: 'shop' }), pod('shop-b', { app: 'shop' }), pod('client', { app: 'client' }), service('shop', { app: 'shop-frontend' })]
  it('deploys, traces from the client, and is fixed when the endpoints fill', () => {
    expect(check('broken-service', 'deploy', [...shop, endpoints('shop', 0)]).done).toBe(true)
    expect(resolve('broken-service', 'trace', 0, contextOf(shop))).toEqual({
      type: 'trace',
      request: { source: { pod: 'default/client' }, destination: { address: 'shop', port: 80 }, protocol: 'TCP' }
    })
    const reason = 'Service default/shop selects app=shop-frontend, which no pod has'
    expect(check('broken-service', 'trace', shop, { traces: [] }).reason).toBe('no trace run yet')
    expect(check('broken-service', 'trace', shop, { traces: [trace('broken-service/trace', 'Dropped', reason)] })).toEqual({ done: true, reason: 'Dropped after 0 hops, as expected' })
    expect(check('broken-service', 'trace', shop, { traces: [trace('broken-service/trace', 'Delivered', 'delivered to default/shop-a')] })).toEqual({
      done: false,
      reason: 'Delivered: delivered to default/shop-a'
    })
    expect(check('broken-service', 'fix', [...shop, endpoints('shop', 0)]).reason).toBe('Service shop has 0 ready endpoints')
    expect(check('broken-service', 'fix', [...shop, endpoints('shop', 2)]).done).toBe(true)
    expect(stepOf('broken-service', 'fix').actions![0].action).toMatchObject({ type: 'patch', patchType: 'merge', patch: { spec: { selector: { app: 'shop' } } } })
    const delivered = trace('broken-service/retrace', 'Delivered', 'delivered to default/shop-a')
    expect(check('broken-service', 'retrace', [...shop, endpoints('shop', 0)], { traces: [delivered] }).done).toBe(false)
    expect(check('broken-service', 'retrace', [...shop, endpoints('shop', 2)], { traces: [delivered] }).done).toBe(true)
  })
})

describe('static pods', () => {
  const mirror = pod('kube-apiserver-kubelab-control-plane', { component: 'kube-apiserver' }, { ns: 'kube-system', node: 'kubelab-control-plane', annotations: { 'kubernetes.io/config.mirror': 'abc' } })
  const proxy = pod('kube-proxy-x', { 'k8s-app': 'kube-proxy' }, { ns: 'kube-system' })
  it('checks what the inspector shows, and the static pod of the learner', () => {
    expect(check('static-pods', 'control-plane', [mirror, proxy]).reason).toBe('select a pod of kube-system on the control-plane node')
    expect(check('static-pods', 'control-plane', [mirror, proxy], { selected: { resource: 'pods', namespace: 'kube-system', name: 'kube-proxy-x' } }).done).toBe(false)
    expect(check('static-pods', 'control-plane', [mirror, proxy], { selected: { resource: 'pods', namespace: 'kube-system', name: mirror.metadata.name! } }).done).toBe(true)
    const own = pod('static-web-kubelab-worker', { role: 'myrole' }, { annotations: { 'kubernetes.io/config.mirror': 'def' } })
    expect(check('static-pods', 'own-static', [own]).done).toBe(true)
    expect(check('static-pods', 'remove-static', [own]).done).toBe(false)
    expect(check('static-pods', 'remove-static', []).done).toBe(true)
    const cmd = stepOf('static-pods', 'own-static').commands![0]
    expect(typeof cmd === 'function' && cmd({ dataDir: '/tmp/lab' })).toMatch(/^cat > \/tmp\/lab\/nodes\/kubelab-worker\/manifests\/static-web\.yaml <<'EOF'\n/)
  })
  it('sees two containers of one pod on one IP', () => {
    expect(check('static-pods', 'pause', [pod('shared-net', {}, { containers: 2, ready: false })]).reason).toBe('0 of 2 containers Ready')
    expect(check('static-pods', 'pause', [pod('shared-net', {}, { containers: 2 })])).toEqual({ done: true, reason: 'both containers Ready on one IP, 10.244.1.5' })
  })
})

describe('namespaces and PVs', () => {
  it('wants dev and prod Active, then web in both', () => {
    const ns = (name: string, phase: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase } })
    expect(check('namespaces', 'create', [ns('dev', 'Active')]).reason).toBe('no namespace prod yet')
    expect(check('namespaces', 'create', [ns('dev', 'Active'), ns('prod', 'Active')]).done).toBe(true)
    const web = (n: string) => [deployment('web', 1, { app: 'web' }, n), pod(`web-${n}`, { app: 'web' }, { ns: n })]
    expect(check('namespaces', 'same-names', web('dev')).reason).toBe('no Deployment web in prod yet')
    expect(check('namespaces', 'same-names', [...web('dev'), ...web('prod')]).done).toBe(true)
  })
  it('binds the claim to the volume made by hand', () => {
    const pv = (phase: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-manual' }, status: { phase } })
    const pvc = (phase: string, volumeName?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'claim-manual', namespace: 'default' },
      spec: { volumeName },
      status: { phase }
    })
    expect(check('pv-pvc', 'static', [pv('Available'), pvc('Pending')]).reason).toBe('claim claim-manual is Pending')
    expect(check('pv-pvc', 'static', [pv('Available'), pvc('Bound', 'pv-manual')]).reason).toBe('volume pv-manual is Available')
    expect(check('pv-pvc', 'static', [pv('Bound'), pvc('Bound', 'pv-manual')])).toEqual({ done: true, reason: 'claim claim-manual Bound to pv-manual' })
  })
})
