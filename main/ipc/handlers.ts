import type { Cluster } from '../cluster/cluster'
import type { CallChannel, Calls } from '../../preload/contract'

/** The implementation of every contract call, shared by both transports (Electron IPC, WebSocket). */
export type Handlers = { [C in CallChannel]: (...args: Calls[C]['args']) => Promise<Calls[C]['result']> }

export function createHandlers(cluster: Cluster): Handlers {
  return {
    'cluster/info': async () => ({
      name: cluster.config.name,
      dataDir: cluster.dataDir ?? '',
      revision: cluster.store.revision,
      now: cluster.clock.now()
    })
  }
}
