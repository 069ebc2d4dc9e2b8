import type { Container, Pod, PodSpec, PodStatus, Toleration } from 'kubernetes-types/core/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { deepEqual, isDNS1123Subdomain, nameIsDNSSubdomain, validateImmutable, validateObjectMetaUpdate } from '../../apimachinery/validation'
import type { Quantity } from '../../apimachinery/quantity'
import type { Mutable } from '../../apimachinery/types'
import type { ResourceDefinition, SubresourceStrategy } from '../types'
import { deepFreeze, vouchDeepFrozen } from '../../storage/freeze'
import { podColumns } from '../columns/pod'
import { defaultPodSpec, validatePodSpec } from './pod-spec'
import { dedupeErrors, semanticEqual } from '../validation/equality'
import { validateQualifiedName } from '../validation/names'
import { validateIP } from '../validation/network'
import { inclusiveRangeError } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { toQuantity } from '../validation/resources'
import { validateTolerations } from '../validation/tolerations'
import { podWarnings } from './pod-spec/write-warnings'

/**
 * Pods (pkg/registry/core/pod): defaults, the strategy's create and update
 * rules, graceful deletion, and the admission plugins every real cluster runs
 * on pods (Priority, DefaultTolerationSeconds; ServiceAccount in registry/admission/), so that a pod
 * read back from Kubelab looks like one read back from kubeadm's cluster.
 */

const mirrorPodAnnotation = 'kubernetes.io/config.mirror'

/**
 * The two NoExecute tolerations DefaultTolerationSeconds adds, 300 s each:
 * deep-frozen and vouched for, so every stored pod holds these two objects
 * (nothing edits a stored toleration in place; an update's pipeline works on
 * its own copy).
 */
const defaultTolerations: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
]
for (const t of defaultTolerations) vouchDeepFrozen(deepFreeze(t))

/** Priorities of the built-in PriorityClasses, as the Priority admission plugin resolves them. */
function defaultPod(pod: Pod): void {
  pod.spec ??= { containers: [] }
  const spec = pod.spec
  defaultPodSpec(spec)
  // SetDefaults_Pod: requests default to limits. Only on Pods, never on templates.
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (!c.resources?.limits) continue
    c.resources.requests ??= {}
    for (const [k, v] of Object.entries(c.resources.limits)) if (!(k in c.resources.requests)) c.resources.requests[k] = v
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort
  }
  addDefaultTolerations(spec)
}

/** DefaultTolerationSeconds admission (create and update): tolerate not-ready and unreachable nodes for 5 minutes. */
function addDefaultTolerations(spec: PodSpec): void {
  const tolerates = (key: string) => (spec.tolerations ?? []).some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect))
  for (const t of defaultTolerations) {
    if (tolerates(t.key!)) continue
    spec.tolerations = [...(spec.tolerations ?? []), t]
  }
}

/** QoS class as qos.GetPodQOS computes it from cpu and memory requests and limits. */
export function podQOSClass(spec: PodSpec): string {
  const requests = new Map<string, Quantity>()
  const limits = new Map<string, Quantity>()
  let guaranteed = true
  const containers: Container[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])]
  for (const c of containers) {
    for (const [name, q] of Object.entries(c.resources?.requests ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue
      const n = toQuantity(q)
      if (n && n.sign() > 0) requests.set(name, requests.get(name)?.add(n) ?? n)
    }
    const found = new Set<string>()
    for (const [name, q] of Object.entries(c.resources?.limits ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue
      const n = toQuantity(q)
      if (n && n.sign() > 0) {
        found.add(name)
        limits.set(name, limits.get(name)?.add(n) ?? n)
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort'
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name)
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false
        break
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable'
}

function prepareForCreate(pod: Pod): void {
  const spec = pod.spec!
  // (ServiceAccount admission, which names the account and mounts its token, is registry/admission/service-account.ts.)
  // (Priority admission, which resolves spec.priority from the PriorityClass, is registry/admission/priority.ts.)
  // The strategy owns the initial status: Pending, with the QoS class fixed for the pod's life.
  const status: PodStatus = { phase: 'Pending', qosClass: podQOSClass(spec) }
  ;(pod as Mutable<Pod>).status = status
}

function prepareForUpdate(pod: Pod, old: Pod): void {
  ;(pod as Mutable<Pod>).status = old.status
  // Priority admission on update keeps the values it resolved at create.
  if (pod.spec) {
    if (pod.spec.priority === undefined || pod.spec.priority === null) pod.spec.priority = old.spec?.priority
    if (!pod.spec.preemptionPolicy && old.spec?.preemptionPolicy) pod.spec.preemptionPolicy = old.spec.preemptionPolicy
  }
}

/** validatePodMetadataAndSpec: what both create and update check. */
function validateMetadataAndSpec(pod: Pod): FieldError[] {
  const meta = path('metadata')
  const spec = path('spec')
  const errs = validateCoreObjectMeta(pod.metadata, true, nameIsDNSSubdomain, meta)
  const mirror = pod.metadata?.annotations?.[mirrorPodAnnotation]
  if (mirror !== undefined && !pod.spec?.nodeName) {
    errs.push(field.invalid(meta.child('annotations').key(mirrorPodAnnotation).toString(), mirror, 'must set spec.nodeName if mirror pod annotation is set'))
  }
  const cost = pod.metadata?.annotations?.['controller.kubernetes.io/pod-deletion-cost']
  if (cost !== undefined && (!/^[+-]?\d+$/.test(cost) || Number(cost) < -2147483648 || Number(cost) > 2147483647)) {
    errs.push(field.invalid(meta.child('annotations').key('controller.kubernetes.io/pod-deletion-cost').toString(), cost, 'must be a 32bit integer'))
  }
  errs.push(...validatePodSpec(pod.spec ?? { containers: [] }, spec))
  if (!pod.spec?.serviceAccountName) {
    ;(pod.spec?.volumes ?? []).forEach((v, vi) => {
      ;(v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken) {
          errs.push(field.forbidden(spec.child('volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken').toString(), 'must not be specified when serviceAccountName is not set'))
        }
      })
    })
  }
  for (const [key, list] of [['containers', pod.spec?.containers], ['initContainers', pod.spec?.initContainers]] as const) {
    ;(list ?? []).forEach((c, i) => {
      if (c.image !== undefined && c.image !== c.image.trim()) {
        errs.push(field.invalid(spec.child(key).index(i).child('image').toString(), c.image, 'must not have leading or trailing whitespace'))
      }
    })
  }
  return errs
}

function validateCreate(pod: Pod): FieldError[] {
  const errs = validateMetadataAndSpec(pod)
  const spec = path('spec')
  if (pod.spec?.ephemeralContainers?.length) errs.push(field.forbidden(spec.child('ephemeralContainers').toString(), 'cannot be set on create'))
  if (pod.spec?.nodeName && pod.spec.schedulingGates?.length) {
    errs.push(field.forbidden(spec.child('nodeName').toString(), 'cannot be set until all schedulingGates have been cleared'))
  }
  return errs
}

const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'
]

/**
 * A short rendering of how two specs differ, in the spirit of the cmp.Diff
 * Kubernetes appends to its message (Go's exact output is not reproduced).
 */
function specDiff(old: PodSpec, now: PodSpec): string {
  const lines = ['  core.PodSpec{']
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])]
  const goName = (k: string) => k.charAt(0).toUpperCase() + k.slice(1)
  for (const k of keys) {
    const a = (old as unknown as Record<string, unknown>)[k]
    const b = (now as unknown as Record<string, unknown>)[k]
    if (semanticEqual(a, b)) continue
    if (a !== undefined) lines.push(`- \t${goName(k)}: ${JSON.stringify(a)},`)
    if (b !== undefined) lines.push(`+ \t${goName(k)}: ${JSON.stringify(b)},`)
  }
  lines.push('  }')
  return lines.join('\n')
}

function validateContainerUpdates(now: Container[], old: Container[], fp: ReturnType<typeof path>): { errs: FieldError[]; stop: boolean } {
  if (now.length !== old.length) return { errs: [field.forbidden(fp.toString(), 'pod updates may not add or remove containers')], stop: true }
  const errs: FieldError[] = []
  now.forEach((c, i) => {
    if (!c.image) errs.push(field.required(fp.index(i).child('image').toString()))
    if ((c.image ?? '').trim() !== (c.image ?? '')) errs.push(field.invalid(fp.index(i).child('image').toString(), c.image, 'must not have leading or trailing whitespace'))
  })
  return { errs, stop: false }
}

function validateOnlyAddedTolerations(now: Toleration[], old: Toleration[], fp: ReturnType<typeof path>): FieldError[] {
  for (const o of old) {
    // tolerationSeconds of an existing toleration may change; nothing else may.
    const found = now.some((n) => deepEqual({ ...o, tolerationSeconds: n.tolerationSeconds }, n))
    if (!found) return [field.forbidden(fp.toString(), 'existing toleration can not be modified except its tolerationSeconds')]
  }
  return validateTolerations(now, fp)
}

function validateUpdate(pod: Pod, old: Pod): FieldError[] {
  const spec = path('spec')
  const meta = path('metadata', 'annotations')
  const errs = validateMetadataAndSpec(pod)
  const na = pod.metadata?.annotations ?? {}
  const oa = old.metadata?.annotations ?? {}
  if (mirrorPodAnnotation in oa && na[mirrorPodAnnotation] !== oa[mirrorPodAnnotation]) {
    errs.push(field.forbidden(meta.key(mirrorPodAnnotation).toString(), 'may not remove or update mirror pod annotation'))
  }
  if (mirrorPodAnnotation in na && !(mirrorPodAnnotation in oa)) errs.push(field.forbidden(meta.key(mirrorPodAnnotation).toString(), 'may not add mirror pod annotation'))

  const ns = pod.spec ?? { containers: [] }
  const os = old.spec ?? { containers: [] }
  let r = validateContainerUpdates(ns.containers ?? [], os.containers ?? [], spec.child('containers'))
  errs.push(...r.errs)
  if (r.stop) return dedupeErrors(errs)
  r = validateContainerUpdates(ns.initContainers ?? [], os.initContainers ?? [], spec.child('initContainers'))
  errs.push(...r.errs)
  if (r.stop) return dedupeErrors(errs)

  const ads = spec.child('activeDeadlineSeconds').toString()
  if (ns.activeDeadlineSeconds !== undefined && ns.activeDeadlineSeconds !== null) {
    const v = ns.activeDeadlineSeconds
    if (v < 0 || v > 2147483647) return dedupeErrors([...errs, field.invalid(ads, v, inclusiveRangeError(0, 2147483647))])
    if (os.activeDeadlineSeconds !== undefined && os.activeDeadlineSeconds !== null && os.activeDeadlineSeconds < v) {
      return dedupeErrors([...errs, field.invalid(ads, v, 'must be less than or equal to previous value')])
    }
  } else if (os.activeDeadlineSeconds !== undefined && os.activeDeadlineSeconds !== null) {
    errs.push(field.invalid(ads, null, 'must not update from a positive integer to nil value'))
  }
  errs.push(...validateOnlyAddedTolerations(ns.tolerations ?? [], os.tolerations ?? [], spec.child('tolerations')))
  const oldGates = new Set((os.schedulingGates ?? []).map((g) => g.name))
  ;(ns.schedulingGates ?? []).forEach((g, i) => {
    if (!oldGates.has(g.name)) errs.push(field.forbidden(spec.child('schedulingGates').index(i).child('name').toString(), `only deletion is allowed, but found new scheduling gate '${g.name}'`))
  })
  if (semanticEqual(ns, os)) return dedupeErrors(errs)

  // Blank out what may change, then anything left over is a forbidden change.
  const munged: PodSpec = structuredClone(ns)
  munged.containers = (munged.containers ?? []).map((c, i) => ({ ...c, image: os.containers[i].image }))
  if (munged.initContainers) munged.initContainers = munged.initContainers.map((c, i) => ({ ...c, image: os.initContainers![i].image }))
  munged.activeDeadlineSeconds = os.activeDeadlineSeconds
  munged.schedulingGates = os.schedulingGates
  munged.tolerations = os.tolerations
  if ((os.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = os.terminationGracePeriodSeconds
  if (os.schedulingGates?.length) {
    // Gated pods may gain node selector entries and node affinity before they are scheduled.
    const oldSel = os.nodeSelector ?? {}
    const newSel = munged.nodeSelector ?? {}
    if (Object.entries(oldSel).some(([k, v]) => newSel[k] !== v)) {
      errs.push(field.invalid(spec.child('nodeSelector').toString(), newSel, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'))
    }
    munged.nodeSelector = os.nodeSelector
    if (munged.affinity || os.affinity) munged.affinity = { ...(munged.affinity ?? {}), nodeAffinity: os.affinity?.nodeAffinity }
    if (munged.affinity && Object.values(munged.affinity).every((v) => v === undefined) && !os.affinity) munged.affinity = undefined
  }
  if (!semanticEqual(munged, os)) {
    errs.push(field.forbidden(spec.toString(), `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${specDiff(os, munged)}`))
  }
  return dedupeErrors(errs)
}

const systemConditions = ['PodScheduled', 'Ready', 'Initialized']

function validateStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs: FieldError[] = []
  const st = path('status')
  const s = pod.status ?? {}
  const os = old.status ?? {}
  ;(s.conditions ?? []).forEach((c, i) => {
    if (!systemConditions.includes(c.type)) errs.push(...validateQualifiedName(c.type, path('metadata', 'conditions').index(i).child('Type')))
  })
  if (pod.spec?.nodeName !== old.spec?.nodeName) errs.push(field.forbidden(st.child('nodeName').toString(), 'may not be changed directly'))
  if (s.nominatedNodeName && s.nominatedNodeName !== os.nominatedNodeName) {
    for (const m of isDNS1123Subdomain(s.nominatedNodeName)) errs.push(field.invalid(st.child('nominatedNodeName').toString(), s.nominatedNodeName, m))
  }
  // The status strategy backfills an omitted qosClass from the stored pod, so only a different value is a change.
  if (s.qosClass) errs.push(...validateImmutable(s.qosClass, os.qosClass, st.child('qosClass')))
  const restart = old.spec?.restartPolicy
  if (restart !== 'Always') {
    ;(os.containerStatuses ?? []).forEach((o, i) => {
      if (!o.state?.terminated) return
      if (o.state.terminated.exitCode !== 0 && restart === 'OnFailure') return
      for (const n of s.containerStatuses ?? []) {
        if (n.name === o.name && !n.state?.terminated) errs.push(field.forbidden(st.child('containerStatuses').index(i).child('state').toString(), 'may not be transitioned to non-terminated state'))
      }
    })
  }
  ;(s.podIPs ?? []).forEach((ip, i) => errs.push(...validateIP(ip.ip ?? '', st.child('podIPs').index(i))))
  const seen = new Set<string>()
  ;(s.podIPs ?? []).forEach((ip, i) => {
    if (seen.has(ip.ip ?? '')) errs.push(field.duplicate(st.child('podIPs').index(i).toString(), ip))
    seen.add(ip.ip ?? '')
  })
  if (s.hostIPs?.length && s.hostIP !== s.hostIPs[0].ip) {
    errs.push(field.invalid(st.child('hostIPs').index(0).child('ip').toString(), s.hostIPs[0].ip, 'must be equal to `hostIP`'))
  }
  ;(s.hostIPs ?? []).forEach((ip, i) => errs.push(...validateIP(ip.ip ?? '', st.child('hostIPs').index(i))))
  return errs
}

/**
 * pods/ephemeralcontainers (podEphemeralContainersStrategy): an update takes
 * only spec.ephemeralContainers from the request (dropNonEphemeralContainerUpdates);
 * ValidatePodEphemeralContainersUpdate checks the pod as a whole, and that
 * existing ephemeral containers are neither changed nor removed.
 */
const ephemeralContainersStrategy: SubresourceStrategy<Pod> = {
  merge(incoming, old) {
    const pod = structuredClone(old) as Mutable<Pod>
    pod.metadata = { ...pod.metadata, resourceVersion: incoming.metadata?.resourceVersion ?? old.metadata?.resourceVersion }
    pod.spec = { ...pod.spec!, ephemeralContainers: incoming.spec?.ephemeralContainers }
    if (!pod.spec.ephemeralContainers) delete pod.spec.ephemeralContainers
    return pod
  },
  validate(pod, old) {
    const errs = [...validateObjectMetaUpdate(pod.metadata!, old.metadata!, path('metadata')), ...validateMetadataAndSpec(pod)]
    if (old.metadata?.annotations?.[mirrorPodAnnotation] !== undefined) return [field.forbidden('', 'static pods do not support ephemeral containers')]
    const fp = path('spec', 'ephemeralContainers').toString()
    const now = new Map((pod.spec?.ephemeralContainers ?? []).map((c) => [c.name, c]))
    for (const o of old.spec?.ephemeralContainers ?? []) {
      const n = now.get(o.name)
      if (!n) errs.push(field.forbidden(fp, `existing ephemeral containers "${o.name}" may not be removed\n`))
      else if (!semanticEqual(o, n)) errs.push(field.forbidden(fp, `existing ephemeral containers "${o.name}" may not be changed\n`))
    }
    return errs
  }
}

/** CheckGracefulDelete: the requested period, else the pod's own; 0 when unscheduled or already finished. */
function gracefulDeleteSeconds(pod: Pod, requested: number | undefined): number {
  let period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 0
  if (!pod.spec?.nodeName) period = 0
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') period = 0
  if (period < 0) period = 1
  return period
}

/** PodToSelectableFields. */
function selectableFields(pod: Pod): Record<string, string> {
  return {
    'spec.nodeName': pod.spec?.nodeName ?? '',
    'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
    'spec.schedulerName': pod.spec?.schedulerName ?? '',
    'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(!!pod.spec?.hostNetwork),
    'status.phase': pod.status?.phase ?? '',
    'status.podIP': pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '',
    'status.nominatedNodeName': pod.status?.nominatedNodeName ?? ''
  }
}

export const podDefinition: ResourceDefinition<Pod> = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: podColumns,
  defaults: defaultPod,
  prepareForCreate,
  prepareForUpdate,
  validate: validateCreate,
  warnings: podWarnings,
  validateUpdate,
  validateStatusUpdate,
  updateSubresources: { ephemeralcontainers: ephemeralContainersStrategy },
  gracefulDeleteSeconds,
  selectableFields
  // Table columns and the OpenAPI schema are added here by a later change.
}
