/**
 * The pieces lesson checks are made of: reading pods, controllers, Services,
 * endpoints and nodes from a CheckContext, and combining verdicts. Pure
 * functions; every count is of live objects.
 */
import type { GroupVersionResource, KubeObject } from '../apimachinery/types'
import { get, isPodReady, selectorMatches } from './objects'
import type { Check, CheckContext, CheckResult, TraceRecord } from './types'

/** The resources lessons act on. */
export const gvrs = {
  pods: { group: '', version: 'v1', resource: 'pods' },
  services: { group: '', version: 'v1', resource: 'services' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  replicationcontrollers: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  persistentvolumes: { group: '', version: 'v1', resource: 'persistentvolumes' },
  persistentvolumeclaims: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  horizontalpodautoscalers: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' },
  networkpolicies: { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' },
  trafficgenerators: { group: 'kubelab.dev', version: 'v1alpha1', resource: 'trafficgenerators' }
} as const satisfies Record<string, GroupVersionResource>

export const done = (reason: string): CheckResult => ({ done: true, reason })
export const notYet = (reason: string): CheckResult => ({ done: false, reason })

/** Every check in turn: the first that is not done answers; else the last one's reason. */
export function allOf(...checks: Check[]): Check {
  return (ctx) => {
    let last: CheckResult = done('')
    for (const check of checks) {
      last = check(ctx)
      if (!last.done) return last
    }
    return last
  }
}

export { isPodReady }

/** Pods of a namespace whose labels match a selector (a map or a LabelSelector), not being deleted. */
export function podsSelected(ctx: CheckContext, namespace: string, selector: unknown): KubeObject[] {
  return ctx.list('pods', namespace).filter((p) => !p.metadata.deletionTimestamp && selectorMatches(selector, p.metadata.labels))
}

/** A controller (RC, ReplicaSet, Deployment) by name, and the live pods its selector picks. */
export function controllerPods(ctx: CheckContext, resource: string, namespace: string, name: string): { controller?: KubeObject; pods: KubeObject[] } {
  const controller = ctx.find({ resource, namespace, name })
  if (!controller) return { pods: [] }
  return { controller, pods: podsSelected(ctx, namespace, get(controller, 'spec', 'selector')) }
}

const kindWords: Record<string, string> = {
  replicationcontrollers: 'ReplicationController',
  'deployments.apps': 'Deployment',
  'replicasets.apps': 'ReplicaSet'
}

/**
 * Done when a controller exists and exactly `want` of its pods (its
 * spec.replicas when not given) are Ready, and no more exist.
 */
export function podsReady(resource: string, name: string, want?: number, namespace = 'default'): Check {
  return (ctx) => {
    const { controller, pods } = controllerPods(ctx, resource, namespace, name)
    if (!controller) return notYet(`no ${kindWords[resource] ?? resource} ${name} in ${namespace} yet`)
    const desired = want ?? get<number>(controller, 'spec', 'replicas') ?? 1
    const ready = pods.filter(isPodReady).length
    const text = `${ready} of ${desired} ${name} pod${desired === 1 ? '' : 's'} Ready`
    if (ready === desired && pods.length === desired) return done(text)
    if (pods.length > desired) return notYet(`${text}; ${pods.length - desired} more still to go away`)
    return notYet(text)
  }
}

/** Done when a controller asks for `replicas` (spec.replicas). */
export function desiredReplicas(resource: string, name: string, replicas: number, namespace = 'default'): Check {
  return (ctx) => {
    const c = ctx.find({ resource, namespace, name })
    const desired = c ? (get<number>(c, 'spec', 'replicas') ?? 1) : undefined
    if (desired === undefined) return notYet(`no ${kindWords[resource] ?? resource} ${name} yet`)
    return desired === replicas ? done(`${name} asks for ${replicas} replicas`) : notYet(`${name} asks for ${desired} replicas, not ${replicas}`)
  }
}

/** Ready addresses of a Service's Endpoints object (what kube-proxy sends to). */
export function readyEndpoints(ctx: CheckContext, namespace: string, name: string): number {
  const ep = ctx.find({ resource: 'endpoints', namespace, name })
  const subsets = get<Array<{ addresses?: unknown[] }>>(ep, 'subsets') ?? []
  return subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0)
}

/** Done when a Service exists and has at least `min` ready endpoints. */
export function serviceHasEndpoints(name: string, min = 1, namespace = 'default'): Check {
  return (ctx) => {
    if (!ctx.find({ resource: 'services', namespace, name })) return notYet(`no Service ${name} in ${namespace} yet`)
    const n = readyEndpoints(ctx, namespace, name)
    const text = `Service ${name} has ${n} ready endpoint${n === 1 ? '' : 's'}`
    return n >= min ? done(text) : notYet(text)
  }
}

/** The node a pod runs on ('' while unscheduled). */
export const nodeOf = (pod: KubeObject): string => get<string>(pod, 'spec', 'nodeName') ?? ''

/** Worker nodes (not the control plane), by name. */
export function workers(ctx: CheckContext): KubeObject[] {
  return ctx
    .list('nodes')
    .filter((n) => !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})))
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
}

/** Nodes whose power the learner cut (sim.kubelab.dev/power=off). */
export function poweredOff(ctx: CheckContext): KubeObject[] {
  return ctx.list('nodes').filter((n) => n.metadata.annotations?.['sim.kubelab.dev/power'] === 'off')
}

/** The newest trace a step of this lesson ran. */
export function lastTrace(ctx: CheckContext, step: string): TraceRecord | undefined {
  for (let i = ctx.traces.length - 1; i >= 0; i--) if (ctx.traces[i].step === step) return ctx.traces[i]
  return undefined
}

/** The first pod Ready of a selection, as `namespace/name` for a trace's source. */
export function firstReadyPod(ctx: CheckContext, namespace: string, selector: Record<string, string>): string | undefined {
  const pod = podsSelected(ctx, namespace, selector)
    .filter(isPodReady)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0]
  return pod ? `${namespace}/${pod.metadata.name}` : undefined
}

/** Done when the newest trace a step ran has this verdict; otherwise the engine's reason says what happened instead. */
export function traceVerdict(step: string, verdict: 'Delivered' | 'Dropped'): Check {
  return (ctx) => {
    const t = lastTrace(ctx, step)
    if (!t) return notYet('no trace run yet')
    const hops = t.result.hops.length
    if (t.result.verdict === verdict) return done(`${verdict} after ${hops} hop${hops === 1 ? '' : 's'}, as expected`)
    return notYet(`${t.result.verdict}: ${t.result.reason}`)
  }
}
