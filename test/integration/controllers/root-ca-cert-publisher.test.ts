import { afterEach, describe, expect, it } from 'vitest'
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { rootCACertPublisherComponent } from '../../../main/cluster/controllers/root-ca-cert-publisher'
import { waitFor } from '../../support/wait'

const cms = { group: '', version: 'v1', resource: 'configmaps' }
const nss = { group: '', version: 'v1', resource: 'namespaces' }
const description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.'

describe('root CA cert publisher', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  it('puts kube-root-ca.crt with the API server CA into every namespace, and restores it when deleted or edited', async () => {
    cluster = await Cluster.start({ clock: 'instant', components: [rootCACertPublisherComponent], apiPort: 0 })
    const ca = cluster.apiServer!.pki.caCert
    // The kubeconfig kubectl uses trusts the same CA.
    expect(Buffer.from(cluster.apiServer!.kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(ca)
    const configMaps = cluster.client.resource<ConfigMap>(cms)
    const published = (ns: string) => async () => (await configMaps.list(ns)).items.find((c) => c.metadata?.name === 'kube-root-ca.crt')
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const cm = await waitFor(published(ns), `kube-root-ca.crt in ${ns}`)
      expect(cm.data).toEqual({ 'ca.crt': ca })
      expect(cm.metadata?.annotations).toEqual({ 'kubernetes.io/description': description })
    }
    await cluster.client.resource<Namespace>(nss).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })
    const first = await waitFor(published('shop'), 'kube-root-ca.crt in shop')
    expect(first.data?.['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n/)

    await configMaps.delete('shop', 'kube-root-ca.crt')
    const back = await waitFor(async () => {
      const cm = await published('shop')()
      return cm && cm.metadata?.uid !== first.metadata?.uid ? cm : undefined
    }, 'kube-root-ca.crt recreated')
    expect(back.data).toEqual({ 'ca.crt': ca })

    await configMaps.update({ ...back, data: { 'ca.crt': 'tampered', extra: 'x' }, metadata: { ...back.metadata, annotations: {} } })
    const restored = await waitFor(async () => {
      const cm = await published('shop')()
      return cm?.data?.['ca.crt'] === ca && cm.metadata?.annotations?.['kubernetes.io/description'] ? cm : undefined
    }, 'kube-root-ca.crt restored')
    expect(restored.data).toEqual({ 'ca.crt': ca })
    expect(restored.metadata?.uid).toBe(back.metadata?.uid)
  })
})
