/**
 * Describe rows for the policy and access kinds (what `kubectl describe`
 * shows of them): autoscalers, RBAC roles and bindings, quotas and limit
 * ranges, disruption budgets, priority classes, Ingresses and network
 * policies. Pure; describe.ts asks here for kinds it has no rows for.
 */
import type { KubeObject } from '../../../preload/contract'
import type { Row } from './describe'
import { get, resourceOfKind, selectorText } from './kube'

interface PolicyRule {
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
  nonResourceURLs?: string[]
  verbs?: string[]
}

interface Subject {
  kind: string
  name: string
  namespace?: string
}

interface MetricTarget {
  type?: string
  averageUtilization?: number
  averageValue?: string
  value?: string
}

interface MetricSpec {
  type: string
  resource?: { name: string; target?: MetricTarget }
}

interface MetricStatus {
  type: string
  resource?: { name: string; current?: { averageUtilization?: number; averageValue?: string } }
}

const list = (xs: string[] | undefined): string => `[${(xs ?? []).join(' ')}]`

/** `pods`, `deployments.apps`, `*.*`: a rule's resources as the PolicyRule table names them. */
function ruleResources(rule: PolicyRule): string {
  const groups = rule.apiGroups ?? ['']
  const names = (rule.resources ?? []).flatMap((r) => groups.map((g) => (g ? `${r}.${g}` : r)))
  return names.length ? names.join(', ') : '<non-resource>'
}

/** One row per rule: resources, then names and URLs, then verbs, as `kubectl describe role` tabulates them. */
function ruleRows(rules: PolicyRule[] | undefined): Row[] {
  if (!rules?.length) return [{ label: 'Rules', value: '<none>' }]
  return rules.map((rule) => {
    const names = rule.resourceNames?.length ? ` names ${list(rule.resourceNames)}` : ''
    const urls = rule.nonResourceURLs?.length ? ` urls ${list(rule.nonResourceURLs)}` : ''
    return { label: ruleResources(rule), value: `${list(rule.verbs)}${names}${urls}`, mono: true }
  })
}

function bindingRows(o: KubeObject, namespaced: boolean): Row[] {
  const ref = get<{ kind: string; name: string }>(o, 'roleRef')
  const role = ref?.kind === 'ClusterRole' ? { resource: 'clusterroles.rbac.authorization.k8s.io', name: ref.name } : ref ? { resource: 'roles.rbac.authorization.k8s.io', namespace: namespaced ? o.metadata.namespace : undefined, name: ref.name } : undefined
  const subjects = get<Subject[]>(o, 'subjects') ?? []
  return [
    { label: 'Role', value: ref ? `${ref.kind}/${ref.name}` : '<none>', link: role },
    ...(subjects.length ? subjects.map((s) => ({ label: s.kind, value: s.namespace ? `${s.namespace}/${s.name}` : s.name, mono: true })) : [{ label: 'Subjects', value: '<none>' }])
  ]
}

/** `resource cpu on pods  (as a percentage of request):  12% / 50%`. */
function metricRows(o: KubeObject): Row[] {
  const specs = get<MetricSpec[]>(o, 'spec', 'metrics') ?? []
  const current = get<MetricStatus[]>(o, 'status', 'currentMetrics') ?? []
  return specs.map((m) => {
    if (m.type !== 'Resource' || !m.resource) return { label: `${m.type} metric`, value: 'see YAML' }
    const now = current.find((c) => c.type === 'Resource' && c.resource?.name === m.resource!.name)?.resource?.current
    const target = m.resource.target ?? {}
    if (target.type === 'Utilization') {
      const shown = now?.averageUtilization !== undefined ? `${now.averageUtilization}%` : '<unknown>'
      return { label: `resource ${m.resource.name} on pods (as a percentage of request)`, value: `${shown} / ${target.averageUtilization}%`, mono: true }
    }
    return { label: `resource ${m.resource.name} on pods`, value: `${now?.averageValue ?? '<unknown>'} / ${target.averageValue ?? target.value}`, mono: true }
  })
}

function quotaRows(o: KubeObject): Row[] {
  const hard = get<Record<string, string>>(o, 'status', 'hard') ?? get<Record<string, string>>(o, 'spec', 'hard') ?? {}
  const used = get<Record<string, string>>(o, 'status', 'used') ?? {}
  const names = Object.keys(hard).sort()
  return names.length ? names.map((r) => ({ label: r, value: `${used[r] ?? '0'} used of ${hard[r]}`, mono: true })) : [{ label: 'Hard', value: '<none>' }]
}

function limitRangeRows(o: KubeObject): Row[] {
  const limits = get<Array<Record<string, unknown>>>(o, 'spec', 'limits') ?? []
  return limits.flatMap((l) => {
    const resources = new Set(['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'].flatMap((f) => Object.keys((l[f] as Record<string, string>) ?? {})))
    return [...resources].sort().map((r) => {
      const part = (f: string, label: string) => ((l[f] as Record<string, string> | undefined)?.[r] !== undefined ? `${label} ${(l[f] as Record<string, string>)[r]}` : '')
      const value = [part('min', 'min'), part('max', 'max'), part('defaultRequest', 'default request'), part('default', 'default limit'), part('maxLimitRequestRatio', 'max ratio')].filter(Boolean).join(', ')
      return { label: `${l.type} ${r}`, value, mono: true }
    })
  })
}

function ingressRows(o: KubeObject): Row[] {
  const rules = get<Array<{ host?: string; http?: { paths?: Array<{ path?: string; backend?: { service?: { name: string; port?: { number?: number; name?: string } } } }> } }>>(o, 'spec', 'rules') ?? []
  const backend = (b: { service?: { name: string; port?: { number?: number; name?: string } } } | undefined): string => (b?.service ? `${b.service.name}:${b.service.port?.number ?? b.service.port?.name ?? ''}` : '<none>')
  const addresses = (get<Array<{ ip?: string; hostname?: string }>>(o, 'status', 'loadBalancer', 'ingress') ?? []).map((a) => a.ip ?? a.hostname).join(', ')
  return [
    { label: 'Ingress class', value: get<string>(o, 'spec', 'ingressClassName') ?? '<none>' },
    { label: 'Address', value: addresses || '<none> (no ingress controller runs)' },
    { label: 'Default backend', value: backend(get(o, 'spec', 'defaultBackend')), mono: true },
    ...rules.flatMap((r) => (r.http?.paths ?? []).map((p) => ({ label: `${r.host ?? '*'}${p.path ?? '/'}`, value: backend(p.backend), mono: true })))
  ]
}

/** The rows of a policy or access kind, or undefined for other kinds. */
export function policyRows(resource: string, o: KubeObject): Row[] | undefined {
  switch (resource) {
    case 'horizontalpodautoscalers.autoscaling': {
      const target = get<{ kind: string; name: string }>(o, 'spec', 'scaleTargetRef')
      const link = target && resourceOfKind[target.kind] ? { resource: resourceOfKind[target.kind], namespace: o.metadata.namespace, name: target.name } : undefined
      return [
        { label: 'Reference', value: target ? `${target.kind}/${target.name}` : '<none>', link },
        ...metricRows(o),
        { label: 'Min replicas', value: String(get<number>(o, 'spec', 'minReplicas') ?? 1) },
        { label: 'Max replicas', value: String(get<number>(o, 'spec', 'maxReplicas') ?? '') },
        { label: `${target?.kind ?? 'Target'} pods`, value: `${get<number>(o, 'status', 'currentReplicas') ?? 0} current / ${get<number>(o, 'status', 'desiredReplicas') ?? 0} desired` }
      ]
    }
    case 'roles.rbac.authorization.k8s.io':
    case 'clusterroles.rbac.authorization.k8s.io':
      return ruleRows(get<PolicyRule[]>(o, 'rules'))
    case 'rolebindings.rbac.authorization.k8s.io':
      return bindingRows(o, true)
    case 'clusterrolebindings.rbac.authorization.k8s.io':
      return bindingRows(o, false)
    case 'resourcequotas':
      return quotaRows(o)
    case 'limitranges':
      return limitRangeRows(o)
    case 'poddisruptionbudgets.policy': {
      const min = get<string | number>(o, 'spec', 'minAvailable')
      const max = get<string | number>(o, 'spec', 'maxUnavailable')
      return [
        { label: min !== undefined ? 'Min available' : 'Max unavailable', value: String(min ?? max ?? 'N/A') },
        { label: 'Selector', value: selectorText(get(o, 'spec', 'selector')), mono: true },
        { label: 'Allowed disruptions', value: String(get<number>(o, 'status', 'disruptionsAllowed') ?? 0) },
        { label: 'Pods', value: `${get<number>(o, 'status', 'currentHealthy') ?? 0} healthy of ${get<number>(o, 'status', 'expectedPods') ?? 0} (${get<number>(o, 'status', 'desiredHealthy') ?? 0} desired)` }
      ]
    }
    case 'priorityclasses.scheduling.k8s.io':
      return [
        { label: 'Value', value: String(get<number>(o, 'value') ?? 0), mono: true },
        { label: 'Global default', value: get<boolean>(o, 'globalDefault') ? 'true' : 'false' },
        { label: 'Preemption', value: get<string>(o, 'preemptionPolicy') ?? 'PreemptLowerPriority' },
        ...(get<string>(o, 'description') ? [{ label: 'Description', value: get<string>(o, 'description')! }] : [])
      ]
    case 'ingresses.networking.k8s.io':
      return ingressRows(o)
    case 'ingressclasses.networking.k8s.io':
      return [{ label: 'Controller', value: get<string>(o, 'spec', 'controller') ?? '', mono: true }]
    case 'networkpolicies.networking.k8s.io':
      return [
        { label: 'Pod selector', value: selectorText(get(o, 'spec', 'podSelector')) === '' ? '<none> (all pods in the namespace)' : selectorText(get(o, 'spec', 'podSelector')), mono: true },
        { label: 'Policy types', value: (get<string[]>(o, 'spec', 'policyTypes') ?? ['Ingress']).join(', ') },
        { label: 'Ingress rules', value: String((get<unknown[]>(o, 'spec', 'ingress') ?? []).length) },
        { label: 'Egress rules', value: String((get<unknown[]>(o, 'spec', 'egress') ?? []).length) }
      ]
    case 'serviceaccounts':
      return [{ label: 'Automount token', value: get<boolean>(o, 'automountServiceAccountToken') === false ? 'false' : 'true' }]
    default:
      return undefined
  }
}
