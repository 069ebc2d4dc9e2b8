import type { SharedInformerFactory } from '../../client/informer-factory'
import type { KubeObject } from '../../apimachinery/types'
import { NetworkIndex, type NetworkObject } from './network-index'

const sources: { kind: NetworkObject['kind']; group: string; resource: string }[] = [
  { kind: 'Node', group: '', resource: 'nodes' },
  { kind: 'Pod', group: '', resource: 'pods' },
  { kind: 'Service', group: '', resource: 'services' },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', resource: 'endpointslices' },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', resource: 'networkpolicies' },
  { kind: 'Namespace', group: '', resource: 'namespaces' }
]

/** A NetworkIndex kept current by the shared informers; `synced` resolves once every cache has synced. */
export function informerNetworkIndex(informers: SharedInformerFactory): { index: NetworkIndex; synced: () => Promise<boolean>; stop: () => void } {
  const index = new NetworkIndex()
  const watched = sources.map(({ kind, group, resource }) => {
    const informer = informers.informerFor<KubeObject>({ group, version: 'v1', resource })
    const wrap = (obj: KubeObject): NetworkObject => ({ kind, obj }) as unknown as NetworkObject
    const off = informer.addEventHandler({
      onAdd: (obj) => index.upsert(wrap(obj)),
      onUpdate: (_old, obj) => index.upsert(wrap(obj)),
      onDelete: (obj) => index.remove(wrap(obj))
    })
    return { informer, off }
  })
  return {
    index,
    synced: async () => (await Promise.all(watched.map((w) => w.informer.waitForSync()))).every(Boolean),
    stop: () => watched.forEach((w) => w.off())
  }
}
