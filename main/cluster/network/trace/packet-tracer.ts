import type { PacketTraceObject } from '../../registry/kinds/packettrace'
import type { TraceEngine } from './engine'

/**
 * The PacketTrace answerer the API calls (registered by cluster.ts for the
 * create-only kind): the object comes back with the engine's answer in
 * status, after the caches have synced.
 */
export function packetTraceAnswerer(engine: () => Promise<TraceEngine>): (obj: PacketTraceObject) => Promise<PacketTraceObject> {
  return async (obj) => {
    const status = (await engine()).trace(obj.spec ?? {})
    return { ...obj, status }
  }
}
