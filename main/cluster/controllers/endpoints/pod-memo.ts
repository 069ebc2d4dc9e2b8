import type { Pod, Service } from 'kubernetes-types/core/v1'

/**
 * What a Service makes of one of its pods (its addresses, ports, endpoint),
 * kept per Service version and pod version. The informers' objects are
 * frozen and replaced, never changed, when the object changes, so a frozen
 * pair is a key that cannot go stale; each sync of a Service of a thousand
 * pods then rebuilds only the pods that changed. Objects that are not frozen
 * (built by hand, as in tests) are computed every time.
 *
 * Per Service version the values sit in a Map by pod UID, each with the pod
 * version it was computed for: a lookup by a string whose hash the engine
 * keeps is several times cheaper than one in a WeakMap holding every pod
 * version the cluster has seen. Entries of pods that left the Service are
 * swept once they outnumber a sync's pods.
 */

interface Entry<T> {
  pod: Pod
  value: T
  /** The sync that last read it. */
  seen: number
}

class ServiceValues<T> {
  readonly byPod = new Map<string, Entry<T>>()
  sync = 0
  /** Entries read by the last sync. */
  read = 0
}

export class ServicePodMemo<T> {
  private readonly byService = new WeakMap<Service, ServiceValues<T>>()

  /**
   * The values of one Service's pods, for one sync (call it once per sync):
   * the returned function gives (svc, pod)'s value, computed by `compute` the
   * first time.
   */
  forService(svc: Service): (pod: Pod, compute: () => T) => T {
    if (!Object.isFrozen(svc)) return (_pod, compute) => compute()
    let values = this.byService.get(svc)
    if (!values) this.byService.set(svc, (values = new ServiceValues()))
    const { byPod } = values
    // Pods that left: swept when the map holds well more than a sync reads.
    const last = values.sync
    if (byPod.size > 2 * values.read + 16) byPod.forEach((entry, uid) => entry.seen !== last && byPod.delete(uid))
    const sync = ++values.sync
    values.read = 0
    const all = values
    return (pod, compute) => {
      const uid = pod.metadata?.uid
      if (uid === undefined || !Object.isFrozen(pod)) return compute()
      all.read++
      let entry = byPod.get(uid)
      if (entry === undefined || entry.pod !== pod) byPod.set(uid, (entry = { pod, value: compute(), seen: sync }))
      else entry.seen = sync
      return entry.value
    }
  }
}
