import { afterEach, describe, expect, it } from 'vitest'
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { serviceAccountsComponent } from '../../../main/cluster/controllers/serviceaccounts'
import { waitFor } from '../../support/wait'

const sas = { group: '', version: 'v1', resource: 'serviceaccounts' }
const nss = { group: '', version: 'v1', resource: 'namespaces' }

describe('service accounts controller', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  it('gives every namespace a default ServiceAccount, and brings it back when deleted', async () => {
    cluster = await Cluster.start({ clock: 'instant', components: [serviceAccountsComponent] })
    const accounts = cluster.client.resource<ServiceAccount>(sas)
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      await waitFor(async () => (await accounts.list(ns)).items.some((sa) => sa.metadata?.name === 'default'), `default SA in ${ns}`)
    }
    await cluster.client.resource<Namespace>(nss).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })
    const sa = await waitFor(async () => (await accounts.list('shop')).items.find((s) => s.metadata?.name === 'default'), 'default SA in shop')
    expect(sa.metadata?.namespace).toBe('shop')
    expect(sa.secrets).toBeUndefined()
    await accounts.delete('shop', 'default')
    const back = await waitFor(async () => (await accounts.list('shop')).items.find((s) => s.metadata?.name === 'default'), 'default SA again')
    expect(back.metadata?.uid).not.toBe(sa.metadata?.uid)
    // Other accounts are left alone.
    await accounts.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'shop' } })
    await accounts.delete('shop', 'robot')
    expect((await accounts.list('shop')).items.map((s) => s.metadata?.name)).toEqual(['default'])
  })
})
