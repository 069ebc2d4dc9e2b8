import { describe, expect, it } from 'vitest'
import { builtinPatchMeta } from '../../../../main/cluster/apiserver/patch/patch-meta-core'
import { plainPatchMeta } from '../../../../main/cluster/apiserver/patch/patch-meta'
import { applyStrategicMergePatch } from '../../../../main/cluster/apiserver/patch/strategic-merge-patch'

// Strategic merge patches on built-in kinds, as kubectl sends them: the
// kubectl-wire.md apply example, the "Update API Objects in Place Using
// kubectl patch" task page, and the patch directives on real fields.

type Obj = Record<string, unknown>

function smp(apiVersion: string, kind: string, live: Obj, patch: unknown): Obj {
  const meta = builtinPatchMeta(apiVersion, kind)
  expect(meta).toBeDefined()
  return applyStrategicMergePatch(live, patch, meta)
}

function deployment(overrides: { containers?: unknown[]; strategy?: unknown; tolerations?: unknown[] } = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}\n', 'deployment.kubernetes.io/revision': '1' },
      finalizers: ['example.com/a', 'example.com/b']
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: overrides.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: overrides.containers ?? [
            {
              name: 'web',
              image: 'nginx:1.25',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' }
              ]
            }
          ],
          ...(overrides.tolerations ? { tolerations: overrides.tolerations } : {}),
          restartPolicy: 'Always'
        }
      }
    },
    status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] }
  }
}

function template(o: Obj): Obj {
  return ((o.spec as Obj).template as Obj).spec as Obj
}

describe('strategic merge patch on built-in kinds', () => {
  it('kubectl apply: the Deployment image change of kubectl-wire.md §2', () => {
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' } },
      spec: {
        replicas: 3,
        template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.26', name: 'web' }] } }
      }
    }
    const live = deployment()
    const out = smp('apps/v1', 'Deployment', live, patch)
    const expected = deployment()
    ;((expected.metadata as Obj).annotations as Obj)['kubectl.kubernetes.io/last-applied-configuration'] = '{"new":true}\n'
    ;(expected.spec as Obj).replicas = 3
    ;((template(expected).containers as Obj[])[0] as Obj).image = 'nginx:1.26'
    expect(out).toEqual(expected)
    // The live object is untouched.
    expect(live).toEqual(deployment())
  })

  it('task page: a new container is merged by name and lands first', () => {
    const live = deployment({ containers: [{ name: 'patch-demo-ctr', image: 'nginx' }] })
    const out = smp('apps/v1', 'Deployment', live, { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } } })
    expect(template(out).containers).toEqual([
      { name: 'patch-demo-ctr-2', image: 'redis' },
      { name: 'patch-demo-ctr', image: 'nginx' }
    ])
  })

  it('task page: tolerations have no patch strategy and are replaced', () => {
    const live = deployment({ tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }] })
    const out = smp('apps/v1', 'Deployment', live, {
      spec: { template: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } } }
    })
    expect(template(out).tolerations).toEqual([{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }])
  })

  it('task page: $retainKeys clears rollingUpdate when the strategy becomes Recreate', () => {
    const out = smp('apps/v1', 'Deployment', deployment(), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } })
    expect((out.spec as Obj).strategy).toEqual({ type: 'Recreate' })
  })

  it('task page: without $retainKeys, rollingUpdate stays (and validation would reject it)', () => {
    const out = smp('apps/v1', 'Deployment', deployment(), { spec: { strategy: { type: 'Recreate' } } })
    expect((out.spec as Obj).strategy).toEqual({ type: 'Recreate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } })
  })

  it('$patch: delete removes a container by its merge key', () => {
    const live = deployment({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }, { name: 'c', image: 'z' }] })
    const out = smp('apps/v1', 'Deployment', live, { spec: { template: { spec: { containers: [{ name: 'b', $patch: 'delete' }] } } } })
    expect(template(out).containers).toEqual([{ name: 'a', image: 'x' }, { name: 'c', image: 'z' }])
  })

  it('$patch: replace in a list replaces the whole list', () => {
    const live = deployment({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] })
    const out = smp('apps/v1', 'Deployment', live, {
      spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'c', image: 'z' }] } } }
    })
    expect(template(out).containers).toEqual([{ name: 'c', image: 'z' }])
  })

  it('kubectl apply: env reordered by $setElementOrder, one removed, one added', () => {
    const live = deployment({
      containers: [{ name: 'web', image: 'nginx', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }] }]
    })
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              {
                name: 'web',
                '$setElementOrder/env': [{ name: 'C' }, { name: 'D' }, { name: 'A' }],
                env: [{ name: 'D', value: '4' }, { name: 'B', $patch: 'delete' }]
              }
            ]
          }
        }
      }
    }
    const out = smp('apps/v1', 'Deployment', live, patch)
    expect((template(out).containers as Obj[])[0].env).toEqual([
      { name: 'C', value: '3' },
      { name: 'D', value: '4' },
      { name: 'A', value: '1' }
    ])
  })

  it('$setElementOrder on a long list (Go sorts beyond its 20-item blocks)', () => {
    const names = Array.from({ length: 45 }, (_, i) => `V${i}`)
    const live = deployment({ containers: [{ name: 'web', env: names.map((name) => ({ name, value: name })) }] })
    const order = [...names].reverse()
    const out = smp('apps/v1', 'Deployment', live, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', '$setElementOrder/env': order.map((name) => ({ name })), env: [{ name: 'V7', value: 'seven' }] }]
          }
        }
      }
    })
    const env = (template(out).containers as Obj[])[0].env as Obj[]
    expect(env.map((e) => e.name)).toEqual(order)
    expect(env.find((e) => e.name === 'V7')).toEqual({ name: 'V7', value: 'seven' })
  })

  it('container ports merge by containerPort, volumeMounts by mountPath', () => {
    const live = deployment({
      containers: [
        {
          name: 'web',
          ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }],
          volumeMounts: [{ mountPath: '/data', name: 'data' }]
        }
      ]
    })
    const out = smp('apps/v1', 'Deployment', live, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'web', ports: [{ containerPort: 443, protocol: 'TCP' }], volumeMounts: [{ mountPath: '/cache', name: 'cache' }] }
            ]
          }
        }
      }
    })
    const c = (template(out).containers as Obj[])[0]
    expect(c.ports).toEqual([{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https', protocol: 'TCP' }])
    expect(c.volumeMounts).toEqual([{ mountPath: '/cache', name: 'cache' }, { mountPath: '/data', name: 'data' }])
  })

  it('kubectl apply: a volume switching source keeps only the retained keys', () => {
    const live = deployment()
    template(live).volumes = [{ name: 'data', emptyDir: {} }, { name: 'other', emptyDir: {} }]
    const out = smp('apps/v1', 'Deployment', live, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/volumes': [{ name: 'data' }, { name: 'other' }],
            volumes: [{ $retainKeys: ['configMap', 'name'], name: 'data', configMap: { name: 'cm' } }]
          }
        }
      }
    })
    expect(template(out).volumes).toEqual([{ name: 'data', configMap: { name: 'cm' } }, { name: 'other', emptyDir: {} }])
  })

  it('finalizers merge as a set', () => {
    const out = smp('apps/v1', 'Deployment', deployment(), { metadata: { finalizers: ['example.com/b', 'example.com/c'] } })
    expect((out.metadata as Obj).finalizers).toEqual(['example.com/a', 'example.com/b', 'example.com/c'])
  })

  it('$deleteFromPrimitiveList/finalizers removes values', () => {
    const out = smp('apps/v1', 'Deployment', deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] } })
    expect((out.metadata as Obj).finalizers).toEqual(['example.com/b'])
  })

  it('kubectl apply: finalizers with $setElementOrder and a deletion', () => {
    const out = smp('apps/v1', 'Deployment', deployment(), {
      metadata: {
        '$setElementOrder/finalizers': ['example.com/c', 'example.com/b'],
        '$deleteFromPrimitiveList/finalizers': ['example.com/a'],
        finalizers: ['example.com/c']
      }
    })
    expect((out.metadata as Obj).finalizers).toEqual(['example.com/c', 'example.com/b'])
  })

  it('labels merge as a map; null removes a key; $patch: delete empties the map', () => {
    const live = { metadata: { name: 'p', labels: { a: '1', b: '2' } }, spec: { containers: [] } }
    expect((smp('v1', 'Pod', live, { metadata: { labels: { b: null, c: '3' } } }).metadata as Obj).labels).toEqual({ a: '1', c: '3' })
    expect((smp('v1', 'Pod', live, { metadata: { labels: { $patch: 'delete' } } }).metadata as Obj).labels).toEqual({})
    expect((smp('v1', 'Pod', live, { metadata: { labels: { $patch: 'replace', z: '9' } } }).metadata as Obj).labels).toEqual({ z: '9' })
  })

  it('kubectl cordon / uncordon: spec.unschedulable set, then deleted by null', () => {
    const node = { metadata: { name: 'n1' }, spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] } }
    const cordoned = smp('v1', 'Node', node, { spec: { unschedulable: true } })
    expect(cordoned.spec).toEqual({ podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], unschedulable: true })
    expect(smp('v1', 'Node', cordoned, { spec: { unschedulable: null } }).spec).toEqual(node.spec)
  })

  it('node taints have no patch strategy and are replaced; status addresses merge by type', () => {
    const node = {
      metadata: { name: 'n1' },
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] }
    }
    const out = smp('v1', 'Node', node, {
      spec: { taints: [{ key: 'b', effect: 'NoExecute' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] }
    })
    expect((out.spec as Obj).taints).toEqual([{ key: 'b', effect: 'NoExecute' }])
    expect((out.status as Obj).addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'n1' }])
  })

  it('pod status conditions merge by type', () => {
    const pod = {
      metadata: { name: 'p' },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }]
      }
    }
    const out = smp('v1', 'Pod', pod, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } })
    expect(out.status).toEqual({ phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }] })
  })

  it('service ports merge by port', () => {
    const svc = { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 80 }, { port: 443, targetPort: 443 }], selector: { app: 'a' } } }
    const out = smp('v1', 'Service', svc, { spec: { ports: [{ port: 80, targetPort: 8080 }] } })
    expect((out.spec as Obj).ports).toEqual([{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 443 }])
  })

  it('ownerReferences merge by uid', () => {
    const rs = { metadata: { name: 'r', ownerReferences: [{ uid: 'u1', name: 'web', kind: 'Deployment' }] } }
    const out = smp('apps/v1', 'ReplicaSet', rs, { metadata: { ownerReferences: [{ uid: 'u1', controller: true }, { uid: 'u2', name: 'x' }] } })
    expect((out.metadata as Obj).ownerReferences).toEqual([
      { uid: 'u1', name: 'web', kind: 'Deployment', controller: true },
      { uid: 'u2', name: 'x' }
    ])
  })

  it('CronJob job template containers merge by name', () => {
    const cj = {
      metadata: { name: 'c' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } } } }
    }
    const out = smp('batch/v1', 'CronJob', cj, { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: 'z' }] } } } } } })
    expect(out).toEqual({
      metadata: { name: 'c' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }] } } } } }
    })
  })

  it('PodDisruptionBudget spec.selector has the replace strategy', () => {
    const pdb = { metadata: { name: 'p' }, spec: { minAvailable: 1, selector: { matchLabels: { a: '1' } } } }
    const out = smp('policy/v1', 'PodDisruptionBudget', pdb, { spec: { selector: { matchLabels: { b: '2' } } } })
    expect((out.spec as Obj).selector).toEqual({ matchLabels: { b: '2' } })
  })

  it('Endpoints subsets have no strategy and are replaced', () => {
    const ep = { metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] }
    const out = smp('v1', 'Endpoints', ep, { subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] })
    expect(out.subsets).toEqual([{ addresses: [{ ip: '10.0.0.2' }] }])
  })

  it('without metadata every list is replaced and every map merged', () => {
    const out = applyStrategicMergePatch({ a: { b: 1, c: [1, 2] } }, { a: { c: [3], d: 4 } }, plainPatchMeta)
    expect(out).toEqual({ a: { b: 1, c: [3], d: 4 } })
    expect(applyStrategicMergePatch({ a: [{ name: 'x' }] }, { a: [{ name: 'y' }] }, undefined)).toEqual({ a: [{ name: 'y' }] })
  })
})
