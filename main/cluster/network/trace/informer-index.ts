import type { SharedInformerFactory } from '../../client/informer-factory'
import type { Informer } from '../../client/informer'
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

/** One index per informer factory, fed once, whoever reads it (PacketTrace, the toolbox, the traffic generator). */
interface SharedIndex {
  index: NetworkIndex
  informers: Informer<KubeObject>[]
  off: (() => void)[]
  users: number
}

const shared = new WeakMap<SharedInformerFactory, SharedIndex>()

function feed(informers: SharedInformerFactory): SharedIndex {
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
  return { index, informers: watched.map((w) => w.informer), off: watched.map((w) => w.off), users: 0 }
}

/**
 * A NetworkIndex kept current by the shared informers; `synced` resolves once
 * every cache has synced. Every caller on the same informers reads the same
 * index (one copy of the cluster's pods, one update per event); it stops
 * being fed when the last of them stops.
 */
export function informerNetworkIndex(informers: SharedInformerFactory): { index: NetworkIndex; synced: () => Promise<boolean>; stop: () => void } {
  let s = shared.get(informers)
  if (!s) shared.set(informers, (s = feed(informers)))
  const own = s
  own.users++
  let stopped = false
  return {
    index: own.index,
    synced: async () => (await Promise.all(own.informers.map((i) => i.waitForSync()))).every(Boolean),
    stop: () => {
      if (stopped) return
      stopped = true
      if (--own.users > 0) return
      own.off.forEach((off) => off())
      if (shared.get(informers) === own) shared.delete(informers)
    }
  }
}
