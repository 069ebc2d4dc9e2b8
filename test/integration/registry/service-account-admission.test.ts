import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Namespace, Pod, ServiceAccount } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { serviceAccountsComponent } from '../../../main/cluster/controllers/serviceaccounts'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import { waitFor } from '../../support/wait'

const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const sas = { group: '', version: 'v1', resource: 'serviceaccounts' }
const nss = { group: '', version: 'v1', resource: 'namespaces' }
const mountPath = '/var/run/secrets/kubernetes.io/serviceaccount'

function pod(name: string, spec: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec } }
}

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected a rejection')
}

describe('ServiceAccount admission', () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant', components: [serviceAccountsComponent] })
    const accounts = cluster.client.resource<ServiceAccount>(sas)
    await waitFor(async () => (await accounts.list('default')).items.length > 0, 'default SA')
  })
  afterAll(async () => {
    await cluster?.stop()
  })
  const pods = () => cluster.client.resource<Pod>(podsGVR)

  it('runs a pod as `default` and mounts the projected kube-api-access volume read-only in every container', async () => {
    const created = await pods().create(
      pod('web', { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx', volumeMounts: [{ name: 'x', mountPath: '/x' }] }], volumes: [{ name: 'x', emptyDir: {} }] })
    )
    const spec = created.spec!
    expect(spec.serviceAccountName).toBe('default')
    expect(spec.serviceAccount).toBe('default')
    const volume = spec.volumes!.find((v) => v.name.startsWith('kube-api-access-'))!
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(spec.volumes!.map((v) => v.name)).toEqual(['x', volume.name])
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }
      ]
    })
    const mount = { name: volume.name, readOnly: true, mountPath }
    expect(spec.initContainers![0].volumeMounts).toEqual([mount])
    expect(spec.containers[0].volumeMounts).toEqual([mount])
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'x', mountPath: '/x' }, mount])
    // The admission's additions belong to no field manager.
    const owned = JSON.stringify(created.metadata?.managedFields ?? [])
    expect(owned).not.toContain('kube-api-access')
    expect(owned).not.toContain('serviceAccountName')
  })

  it('rejects a pod whose service account does not exist with the apiserver 403', async () => {
    const e = await rejection(pods().create(pod('x', { serviceAccountName: 'nope' })))
    expect(e.code).toBe(403)
    expect(e.status.reason).toBe('Forbidden')
    expect(e.message).toBe('pods "x" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found')
    await expect(pods().get('default', 'x')).rejects.toThrow('pods "x" not found')
    // A generated name is not drawn yet when admission runs.
    const g = await rejection(pods().create(pod('', { serviceAccountName: 'nope' }, { name: undefined, generateName: 'web-' })))
    expect(g.message).toBe('pods is forbidden: error looking up service account default/nope: serviceaccount "nope" not found')
    // A missing namespace is reported first, as NamespaceLifecycle runs before ServiceAccount.
    const n = await rejection(pods().create(pod('y', { serviceAccountName: 'nope' }, { namespace: 'ghost' })))
    expect(n.message).toBe('namespaces "ghost" not found')
  })

  it('mounts nothing when the pod or its account opts out, and keeps a mount the pod already has at the token path', async () => {
    const off = await pods().create(pod('off', { automountServiceAccountToken: false }))
    expect(off.spec!.volumes).toBeUndefined()
    expect(off.spec!.containers[0].volumeMounts).toBeUndefined()
    expect(off.spec!.serviceAccountName).toBe('default')

    await cluster.client.resource<ServiceAccount>(sas).create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet', namespace: 'default' }, automountServiceAccountToken: false })
    const quiet = await pods().create(pod('quiet', { serviceAccountName: 'quiet' }))
    expect(quiet.spec!.volumes).toBeUndefined()
    expect(quiet.spec!.serviceAccount).toBe('quiet')
    // The pod's preference wins over the account's.
    const loud = await pods().create(pod('loud', { serviceAccountName: 'quiet', automountServiceAccountToken: true }))
    expect(loud.spec!.volumes![0].name).toMatch(/^kube-api-access-/)

    const own = await pods().create(pod('own', { containers: [{ name: 'a', image: 'nginx', volumeMounts: [{ name: 'mine', mountPath }] }], volumes: [{ name: 'mine', emptyDir: {} }] }))
    expect(own.spec!.volumes).toEqual([{ name: 'mine', emptyDir: {} }])
    expect(own.spec!.containers[0].volumeMounts).toEqual([{ name: 'mine', mountPath }])
  })

  it('leaves mirror pods alone and forbids them service accounts and secrets', async () => {
    const mirror = { annotations: { 'kubernetes.io/config.mirror': 'abc' } }
    const m = await pods().create(pod('static-node-1', { nodeName: 'node-1' }, mirror))
    expect(m.spec!.serviceAccountName).toBeUndefined()
    expect(m.spec!.volumes).toBeUndefined()
    const sa = await rejection(pods().create(pod('static-2', { nodeName: 'node-1', serviceAccountName: 'default' }, mirror)))
    expect(sa.message).toBe('pods "static-2" is forbidden: a mirror pod may not reference service accounts')
    const secret = await rejection(pods().create(pod('static-3', { nodeName: 'node-1', volumes: [{ name: 's', secret: { secretName: 's' } }] }, mirror)))
    expect(secret.message).toBe('pods "static-3" is forbidden: a mirror pod may not reference secrets')
  })

  it('waits for the default account of a namespace created a moment ago', async () => {
    await cluster.client.resource<Namespace>(nss).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } })
    const p = await pods().create(pod('first', {}, { namespace: 'fresh' }))
    expect(p.spec!.serviceAccountName).toBe('default')
    expect(p.spec!.volumes![0].projected?.sources?.[1].configMap?.name).toBe('kube-root-ca.crt')
  })

  it('stores every pod with the one token projection and the two default tolerations, shared; an update may still change a toleration', async () => {
    await pods().create(pod('shared-a'))
    await pods().create(pod('shared-b'))
    const stored = (name: string): Pod => cluster.store.get(`/registry/pods/default/${name}`) as unknown as Pod
    const [a, b] = [stored('shared-a'), stored('shared-b')]
    expect(a.spec!.volumes![0].name).not.toBe(b.spec!.volumes![0].name)
    expect(a.spec!.volumes![0].projected).toBe(b.spec!.volumes![0].projected)
    expect(a.spec!.tolerations![0]).toBe(b.spec!.tolerations![0])
    expect(a.spec!.tolerations![1]).toBe(b.spec!.tolerations![1])
    expect(a.spec!.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
    ])
    // tolerationSeconds of an existing toleration may change (ValidatePodUpdate): the pipeline edits its own copy.
    // (The in-process client hands out the stored, frozen object: a writer edits a copy.)
    const current = structuredClone(await pods().get('default', 'shared-a'))
    current.spec!.tolerations![0].tolerationSeconds = 60
    const updated = await pods().update(current)
    expect(updated.spec!.tolerations!.map((t) => t.tolerationSeconds)).toEqual([60, 300])
    expect(stored('shared-b').spec!.tolerations![0].tolerationSeconds).toBe(300)
  })
})
