import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Namespace } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import { gvr } from './replica-helpers'

describe('namespaces/finalize through the in-process client', () => {
  let cluster: Cluster
  beforeEach(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
  })
  afterEach(async () => {
    await cluster.stop()
  })

  const namespaces = () => cluster.client.resource<Namespace>(gvr.namespaces)

  it('changes spec.finalizers, which a plain update cannot', async () => {
    const ns = await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })
    const edited = structuredClone(ns)
    edited.spec = { finalizers: [] }
    expect((await namespaces().update(edited)).spec?.finalizers).toEqual(['kubernetes'])
    const finalized = await cluster.client.finalizeNamespace({ ...structuredClone(ns), spec: { finalizers: ['example.com/keep'] } })
    expect(finalized.spec?.finalizers).toEqual(['example.com/keep'])
    expect(finalized.status?.phase).toBe('Active')
  })

  it('removes a Terminating namespace once its last finalizer goes', async () => {
    await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })
    const terminating = await namespaces().delete(undefined, 'team')
    expect(terminating.status?.phase).toBe('Terminating')
    await cluster.client.finalizeNamespace({ ...structuredClone(terminating), spec: { finalizers: [] } })
    await expect(namespaces().get(undefined, 'team')).rejects.toMatchObject({ reason: 'NotFound' })
  })

  it('keeps a Terminating namespace that still has other finalizers', async () => {
    await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: ['example.com/keep'] } })
    const terminating = await namespaces().delete(undefined, 'team')
    const left = await cluster.client.finalizeNamespace({ ...structuredClone(terminating), spec: { finalizers: ['example.com/keep'] } })
    expect(left.spec?.finalizers).toEqual(['example.com/keep'])
    expect((await namespaces().get(undefined, 'team')).status?.phase).toBe('Terminating')
  })

  it('answers 409 for a stale resourceVersion and 422 for a bad finalizer name', async () => {
    const ns = await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })
    await namespaces().update({ ...structuredClone(ns), metadata: { ...ns.metadata, labels: { a: 'b' } } })
    const stale = await cluster.client.finalizeNamespace({ ...structuredClone(ns), spec: { finalizers: [] } }).catch((e: StatusError) => e)
    expect(stale).toBeInstanceOf(StatusError)
    expect((stale as StatusError).status.code).toBe(409)
    const bad = await cluster.client.finalizeNamespace({ metadata: { name: 'team' }, spec: { finalizers: ['no-slash'] } }).catch((e: StatusError) => e)
    expect((bad as StatusError).status.code).toBe(422)
    expect((bad as StatusError).message).toBe(
      `Namespace "team" is invalid: spec.finalizers[0]: Invalid value: "no-slash": name is neither a standard finalizer name nor is it fully qualified`
    )
  })

  it('answers 404 for a namespace that does not exist', async () => {
    await expect(cluster.client.finalizeNamespace({ metadata: { name: 'nope' }, spec: {} })).rejects.toMatchObject({ reason: 'NotFound' })
  })
})
