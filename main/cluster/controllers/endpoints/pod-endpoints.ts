import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1'

/**
 * Which pods back a Service, and on which port: the predicates the
 * Endpoints and EndpointSlice controllers share (pkg/api/v1/pod,
 * endpointslice/util).
 */

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}

/**
 * ShouldPodBeInEndpoints: not finished (Succeeded or Failed), has an IP,
 * and, unless terminating pods are wanted, not being deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') return false
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false
  return true
}

/** ShouldSetHostname: the pod names itself into the Service's subdomain (StatefulSet DNS). */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name && svc.metadata?.namespace === pod.metadata?.namespace
}

/**
 * podutil.FindPort: a numeric targetPort is the port; a named one is looked
 * up among the containers' ports (then restartable init containers, i.e.
 * sidecars) by name and protocol. Undefined when the pod has no such port.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port
  if (typeof target === 'number') return target
  // A numeric string is an int in Go's IntOrString only when sent as a number; "8080" stays a name.
  const protocol = svcPort.protocol ?? 'TCP'
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')]
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort
    }
  }
  return undefined
}

/**
 * podEndpointsChanged (pkg/controller/util/endpoint): whether a pod update
 * can change the endpoints of its Services: its labels (Service membership),
 * hostname or subdomain, deletion, readiness or IPs; and, as
 * shouldPodBeInEndpoints reads it, its phase becoming terminal. Name,
 * namespace and UID are immutable, and nodeName is set before the pod has an
 * IP. Other updates (a container restart count, a condition's probe time)
 * enqueue nothing, as in the Endpoints and EndpointSlice controllers.
 */
export function podEndpointsChanged(oldPod: Pod, newPod: Pod): boolean {
  // A relist hands the same version again: nothing changed.
  if (oldPod.metadata?.resourceVersion !== undefined && oldPod.metadata.resourceVersion === newPod.metadata?.resourceVersion) return false
  if (!sameLabels(oldPod.metadata?.labels, newPod.metadata?.labels)) return true
  if (oldPod.spec?.hostname !== newPod.spec?.hostname || oldPod.spec?.subdomain !== newPod.spec?.subdomain) return true
  if (oldPod.metadata?.deletionTimestamp !== newPod.metadata?.deletionTimestamp) return true
  if (isPodReady(oldPod) !== isPodReady(newPod)) return true
  if (oldPod.status?.phase !== newPod.status?.phase) return true
  if (oldPod.spec?.nodeName !== newPod.spec?.nodeName) return true
  const oldIPs = podIPs(oldPod)
  const newIPs = podIPs(newPod)
  return oldIPs.length !== newIPs.length || oldIPs.some((ip, i) => ip !== newIPs[i])
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const ak = Object.keys(a ?? {})
  if (ak.length !== Object.keys(b ?? {}).length) return false
  return ak.every((k) => a![k] === b?.[k])
}

/** Whether an address is IPv6 (the only other family is IPv4). */
export function isIPv6(ip: string): boolean {
  return ip.includes(':')
}

/** The pod's IPs: status.podIPs, or status.podIP from writers that set only that. */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((x) => x.ip).filter((ip): ip is string => !!ip)
  if (ips.length) return ips
  return pod.status?.podIP ? [pod.status.podIP] : []
}

/** helper.IsServiceIPSet: a ClusterIP that is neither empty nor None (not headless). */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP
  return !!ip && ip !== 'None'
}

/** The label marking Endpoints and EndpointSlices of headless Services. */
export const headlessLabel = 'service.kubernetes.io/headless'

/** The annotation with the time of the change that led to this Endpoints (or EndpointSlice) content. */
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time'
