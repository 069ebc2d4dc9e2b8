import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deployment } from 'kubernetes-types/apps/v1'
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }

type Entry = { manager?: string; operation?: string; subresource?: string; fieldsV1?: Record<string, unknown> }
const summary = (entries: Entry[] | undefined) => (entries ?? []).map((e) => [e.manager, e.operation, e.subresource ?? '']).sort()

/** Each in-process component writes as the program it is part of, so --show-managed-fields reads as on a real cluster. */
describe('field managers of the cluster components', () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant' })
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  it('a Deployment pod: kube-controller-manager created it, kubelet owns its status; the Deployment status is the controller manager\'s', async () => {
    await cluster.client.resource<Deployment>(deployments).create(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } }
      },
      { fieldManager: 'kubectl-create' }
    )
    const pod = await waitFor(async () => {
      const p = (await cluster.client.resource<Pod>(podsGVR).list('default', { labelSelector: 'app=web' })).items[0]
      return p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? p : undefined
    }, 'a ready web pod')
    const entries = pod.metadata!.managedFields as Entry[]
    expect(summary(entries)).toEqual([
      ['kube-controller-manager', 'Update', ''],
      ['kubelet', 'Update', 'status']
    ])
    const kcm = entries.find((e) => e.manager === 'kube-controller-manager')!.fieldsV1 as Record<string, Record<string, unknown>>
    expect(Object.keys(kcm['f:metadata'])).toEqual(expect.arrayContaining(['f:generateName', 'f:labels', 'f:ownerReferences']))
    expect(kcm['f:spec']).toHaveProperty(['f:containers', 'k:{"name":"web"}', 'f:image'])
    // The admission's token volume and the binding's nodeName belong to nobody.
    expect(JSON.stringify(kcm)).not.toContain('kube-api-access')
    expect(kcm['f:spec']).not.toHaveProperty('f:nodeName')
    const kubelet = entries.find((e) => e.manager === 'kubelet')!.fieldsV1 as Record<string, Record<string, unknown>>
    expect(kubelet['f:status']).toHaveProperty(['f:conditions', 'k:{"type":"Ready"}', 'f:lastProbeTime'])
    expect(Object.keys(kubelet['f:status'])).toEqual(expect.arrayContaining(['f:containerStatuses', 'f:phase', 'f:podIP', 'f:startTime']))

    const d = await cluster.client.resource<Deployment>(deployments).get('default', 'web')
    // The controller sets the revision annotation with its status write (getNewReplicaSet's UpdateStatus), so both sit in the status entry.
    const dEntries = d.metadata!.managedFields as Entry[]
    expect(summary(dEntries)).toEqual([
      ['kube-controller-manager', 'Update', 'status'],
      ['kubectl-create', 'Update', '']
    ])
    expect(dEntries.find((e) => e.manager === 'kube-controller-manager')!.fieldsV1).toHaveProperty(['f:metadata', 'f:annotations', 'f:deployment.kubernetes.io/revision'])
  })

  it('nodes: kubelet registers them and reports their status; kube-controller-manager sets their podCIDR; the API server made the initial namespaces', async () => {
    const node = (await cluster.client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' }).list()).items.find((n) => n.spec?.podCIDR)!
    const entries = node.metadata!.managedFields as Entry[]
    expect(summary(entries)).toEqual(expect.arrayContaining([['kube-controller-manager', 'Update', ''], ['kubelet', 'Update', 'status']]))
    expect(entries.find((e) => e.manager === 'kube-controller-manager')!.fieldsV1).toHaveProperty(['f:spec', 'f:podCIDR'])
    const ns = await cluster.client.resource<Namespace>({ group: '', version: 'v1', resource: 'namespaces' }).get(undefined, 'kube-system')
    expect(summary(ns.metadata!.managedFields as Entry[])).toEqual([['kube-apiserver', 'Update', '']])
  })
})
