import type { Pod, Toleration } from 'kubernetes-types/core/v1'
import { podRequests, podResource, type Resource } from './resource'

/** A host port a container asks for (ContainerPort with hostPort > 0), sanitized as HostPortInfo does. */
export interface HostPort {
  /** hostIP, `0.0.0.0` when unset. */
  ip: string
  /** TCP, UDP or SCTP (TCP when unset). */
  protocol: string
  /** The host port (> 0). */
  port: number
}

/**
 * A pod with what the scheduler computes once per version of it
 * (framework.PodInfo): requests as integers, host ports, tolerations, the
 * claims it uses. Every plugin reads these instead of re-parsing quantities
 * on every node.
 */
export class PodInfo {
  /** `namespace/name`. */
  readonly key: string
  /** metadata.uid. */
  readonly uid: string
  /** metadata.namespace. */
  readonly namespace: string
  /** metadata.name. */
  readonly name: string
  /** metadata.labels. */
  readonly labels: Readonly<Record<string, string>>
  /** spec.priority (0 when unset). */
  readonly priority: number
  /** The requests counted against a node's allocatable (Filter). */
  readonly requests: Resource
  /** cpu (millicores) with the 100m default for containers that request none (scoring). */
  readonly nonZeroMilliCPU: number
  /** memory (bytes) with the 200 MB default for containers that request none (scoring). */
  readonly nonZeroMemory: number
  /** The host ports its containers ask for. */
  readonly hostPorts: readonly HostPort[]
  /** spec.tolerations. */
  readonly tolerations: readonly Toleration[]
  /** `namespace/claim` of every PersistentVolumeClaim the pod mounts (ephemeral volumes included). */
  readonly pvcKeys: readonly string[]
  /** Whether the pod has pod affinity or anti-affinity terms (NodeInfo.PodsWithAffinity). */
  readonly hasAffinity: boolean
  /** Whether the pod has required anti-affinity terms (NodeInfo.PodsWithRequiredAntiAffinity). */
  readonly hasRequiredAntiAffinity: boolean

  /**
   * The PodInfo of a newer version of a pod. A stored object's spec is
   * deep-frozen and shared by the versions after it that only change its
   * status (what most writes of a running pod are), so what was computed
   * from the spec is taken over from the previous version instead of parsed
   * again; a spec that is not frozen (or another one) is parsed.
   */
  static of(pod: Pod, previous: PodInfo | undefined): PodInfo {
    if (previous && previous.pod.spec === pod.spec && Object.isFrozen(pod.spec)) {
      const meta = pod.metadata ?? {}
      if (previous.namespace === (meta.namespace ?? '') && previous.name === (meta.name ?? '')) return new PodInfo(pod, previous)
    }
    return new PodInfo(pod)
  }

  /** `basis`: a version of the same pod with the same (frozen) spec, whose derived values are shared (see of()). */
  constructor(
    readonly pod: Pod,
    basis?: PodInfo
  ) {
    const meta = pod.metadata ?? {}
    this.namespace = meta.namespace ?? ''
    this.name = meta.name ?? ''
    this.key = basis ? basis.key : `${this.namespace}/${this.name}`
    this.uid = meta.uid ?? ''
    this.labels = meta.labels ?? {}
    if (basis) {
      this.priority = basis.priority
      this.requests = basis.requests
      this.nonZeroMilliCPU = basis.nonZeroMilliCPU
      this.nonZeroMemory = basis.nonZeroMemory
      this.hostPorts = basis.hostPorts
      this.tolerations = basis.tolerations
      this.pvcKeys = basis.pvcKeys
      this.hasAffinity = basis.hasAffinity
      this.hasRequiredAntiAffinity = basis.hasRequiredAntiAffinity
      return
    }
    this.priority = pod.spec?.priority ?? 0
    this.requests = podResource(pod)
    const nonZero = hasAllRequests(pod) ? undefined : podRequests(pod, true)
    this.nonZeroMilliCPU = nonZero ? (nonZero.get('cpu') ?? 0) : this.requests.milliCPU
    this.nonZeroMemory = nonZero ? (nonZero.get('memory') ?? 0) : this.requests.memory
    this.hostPorts = hostPortsOf(pod)
    this.tolerations = pod.spec?.tolerations ?? []
    this.pvcKeys = claimKeysOf(pod)
    const affinity = pod.spec?.affinity
    this.hasAffinity = !!(affinity?.podAffinity || affinity?.podAntiAffinity)
    this.hasRequiredAntiAffinity = !!affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length
  }

  /** spec.nodeName ('' when unassigned). */
  get nodeName(): string {
    return this.pod.spec?.nodeName ?? ''
  }
}

/** Whether every container states both a cpu and a memory request, so the non-zero requests equal the real ones. */
function hasAllRequests(pod: Pod): boolean {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]
  return all.every((c) => {
    const r = c.resources?.requests as Record<string, unknown> | undefined
    return !!r && Object.hasOwn(r, 'cpu') && Object.hasOwn(r, 'memory')
  })
}

/** schedutil.GetHostPorts: the app containers' ports with a host port. */
function hostPortsOf(pod: Pod): HostPort[] {
  const out: HostPort[] = []
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort })
    }
  }
  return out
}

/** The claims the pod mounts; a generic ephemeral volume's claim is named `<pod>-<volume>`. */
function claimKeysOf(pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? ''
  const out: string[] = []
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(`${ns}/${v.persistentVolumeClaim.claimName}`)
    else if (v.ephemeral) out.push(`${ns}/${pod.metadata?.name ?? ''}-${v.name}`)
  }
  return out
}
