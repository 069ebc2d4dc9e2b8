import type { Pod, Probe, Service } from 'kubernetes-types/core/v1'
import type { NetworkIndex } from './network-index'

/**
 * Why a Service gives a packet nowhere to go, in plain words naming the
 * objects that cause it: a selector matching no pod (with the closest
 * labels that exist), endpoints that are not ready (and which probe), no
 * endpoint on the node under externalTrafficPolicy Local.
 */

const ref = (o: { metadata?: { namespace?: string; name?: string } }): string => `${o.metadata?.namespace}/${o.metadata?.name}`

export function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

function matches(pod: Pod, selector: Record<string, string>): boolean {
  const labels = pod.metadata?.labels ?? {}
  return Object.entries(selector).every(([k, v]) => labels[k] === v)
}

/** The pods a Service's selector picks, as the endpoints controllers pick them (not terminating). */
export function selectedPods(index: NetworkIndex, svc: Service): Pod[] {
  const selector = svc.spec?.selector
  if (!selector || !Object.keys(selector).length) return []
  return index.podsInNamespace(svc.metadata?.namespace ?? '').filter((p) => matches(p, selector) && !p.metadata?.deletionTimestamp)
}

/** How a probe checks, as `kubectl describe` words it: `http-get http://:80/healthz`, `tcp-socket :6379`, `exec [redis-cli ping]`. */
export function probeText(probe: Probe): string {
  if (probe.httpGet) return `http-get ${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${probe.httpGet.host ?? ''}:${probe.httpGet.port}${probe.httpGet.path ?? '/'}`
  if (probe.tcpSocket) return `tcp-socket :${probe.tcpSocket.port}`
  if (probe.grpc) return `grpc :${probe.grpc.port}`
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}]`
  return 'probe'
}

/** Why one pod is not a ready endpoint. */
export function notReadyText(pod: Pod): string {
  const name = ref(pod)
  if (pod.status?.phase !== 'Running') return `pod ${name} is ${pod.status?.phase ?? 'Pending'}`
  const unready = (pod.status?.containerStatuses ?? []).filter((c) => !c.ready)
  for (const cs of unready) {
    const spec = pod.spec?.containers.find((c) => c.name === cs.name)
    if (cs.state?.waiting) return `container ${cs.name} of pod ${name} is waiting (${cs.state.waiting.reason ?? 'Waiting'})`
    if (spec?.readinessProbe) return `pod ${name} is not Ready: the readiness probe of container ${cs.name} (${probeText(spec.readinessProbe)}) is failing`
    return `container ${cs.name} of pod ${name} is not ready`
  }
  const gate = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status !== 'True')
  return `pod ${name} is not Ready${gate?.reason ? ` (${gate.reason})` : ''}`
}

/** The pods of the namespace whose labels share the most pairs with the selector. */
function closestPods(index: NetworkIndex, namespace: string, selector: Record<string, string>): { pods: Pod[]; shared: number } {
  let best: Pod[] = []
  let shared = 0
  for (const pod of index.podsInNamespace(namespace)) {
    const labels = pod.metadata?.labels ?? {}
    const n = Object.entries(selector).filter(([k, v]) => labels[k] === v).length
    if (n > shared) {
      best = [pod]
      shared = n
    } else if (n === shared && n > 0) best.push(pod)
  }
  return { pods: best, shared }
}

function labelsText(pod: Pod): string {
  const labels = Object.entries(pod.metadata?.labels ?? {}).filter(([k]) => k !== 'pod-template-hash')
  return labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(',') : '<none>'
}

/** Why the Service has no endpoint to send to (kube-proxy's "has no endpoints" REJECT). */
export function noEndpointsReason(index: NetworkIndex, svc: Service): string {
  const name = ref(svc)
  const ns = svc.metadata?.namespace ?? ''
  const selector = svc.spec?.selector
  if (!selector || !Object.keys(selector).length) return `Service ${name} has no selector and no endpoints were written for it, so kube-proxy rejects its traffic.`
  const pods = selectedPods(index, svc)
  if (!pods.length) {
    const { pods: close, shared } = closestPods(index, ns, selector)
    const total = Object.keys(selector).length
    const closest = close.length
      ? `; the closest pods (${close.slice(0, 3).map((p) => p.metadata?.name).join(', ')}) are labelled ${labelsText(close[0])}, matching ${shared} of its ${total} labels`
      : index.podsInNamespace(ns).length
        ? '; no pod there shares any of its labels'
        : `; namespace ${ns} has no pods`
    return `Service ${name} has no endpoints because its selector ${selectorText(selector)} matches no pod in namespace ${ns}${closest}.`
  }
  const reasons = pods.slice(0, 3).map(notReadyText)
  return `Service ${name} has no ready endpoints: its selector matches ${pods.length} pod${pods.length === 1 ? '' : 's'}, none ready (${reasons.join('; ')}).`
}

/** Why a NodePort on this node goes nowhere under externalTrafficPolicy Local. */
export function noLocalEndpointReason(index: NetworkIndex, svc: Service, node: string): string {
  const elsewhere = [...new Set(selectedPods(index, svc).filter((p) => p.spec?.nodeName && p.spec.nodeName !== node).map((p) => p.spec!.nodeName!))]
  const where = elsewhere.length ? `; its endpoints run on ${elsewhere.join(', ')}` : ''
  return `Service ${ref(svc)} has externalTrafficPolicy Local and node ${node} runs none of its ready endpoints, so kube-proxy drops NodePort traffic there${where}. Send to a node that runs one, or use externalTrafficPolicy Cluster.`
}
