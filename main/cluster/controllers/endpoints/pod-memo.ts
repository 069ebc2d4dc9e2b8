import type { Pod, Service } from 'kubernetes-types/core/v1'

/**
 * What a Service makes of one of its pods (its addresses, ports, endpoint),
 * kept per Service version and pod version. The informers' objects are
 * frozen and replaced, never changed, when the object changes, so a frozen
 * pair is a key that cannot go stale; each sync of a Service of a thousand
 * pods then rebuilds only the pods that changed. Objects that are not frozen
 * (built by hand, as in tests) are computed every time.
 */
export class ServicePodMemo<T> {
  private readonly byService = new WeakMap<Service, WeakMap<Pod, T>>()

  /** The value for (svc, pod), computed by `compute` the first time. */
  get(svc: Service, pod: Pod, compute: () => T): T {
    return this.forService(svc)(pod, compute)
  }

  /** The values of one Service's pods: looks the Service up once for a sync's thousand pods. */
  forService(svc: Service): (pod: Pod, compute: () => T) => T {
    if (!Object.isFrozen(svc)) return (_pod, compute) => compute()
    let byPod = this.byService.get(svc)
    if (!byPod) this.byService.set(svc, (byPod = new WeakMap()))
    const values = byPod
    return (pod, compute) => {
      if (!Object.isFrozen(pod)) return compute()
      let value = values.get(pod)
      if (value === undefined) {
        value = compute()
        values.set(pod, value)
      }
      return value
    }
  }
}
