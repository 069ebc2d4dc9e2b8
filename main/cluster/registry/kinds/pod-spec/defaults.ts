import type { Container, LifecycleHandler, PodSpec, PodTemplateSpec, Probe, Volume } from 'kubernetes-types/core/v1'
import type { ObjectMetadata } from '../../../apimachinery/types'
import { defaultResourceList } from '../../validation/resources'
import { volumeSourceKeys } from './volumes'

/** Pod spec defaults as pkg/apis/core/v1/defaults.go sets them (SetDefaults_PodSpec, _Container, _Probe, _Volume and friends). */

/** Defaults a pod spec in place, as SetDefaults_PodSpec and the nested SetDefaults_* do. */
export function defaultPodSpec(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst'
  if (!spec.restartPolicy) spec.restartPolicy = 'Always'
  if (!spec.securityContext) spec.securityContext = {}
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler'
  // v1 <-> internal conversion keeps the deprecated serviceAccount alias in step with serviceAccountName.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName
  for (const c of spec.containers ?? []) defaultContainer(c)
  for (const c of spec.initContainers ?? []) defaultContainer(c)
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c as Container)
  for (const v of spec.volumes ?? []) defaultVolume(v)
  defaultResourceList(spec.overhead)
}

/** Defaults a pod template (its spec; template metadata has no defaults). */
export function defaultPodTemplateSpec(t: PodTemplateSpec): void {
  // A template's ObjectMeta is a struct in k8s.io/api: it is always encoded, with its zero creationTimestamp as null.
  const meta: ObjectMetadata = (t.metadata ??= {})
  if (meta.creationTimestamp === undefined) meta.creationTimestamp = null as unknown as undefined
  if (!t.spec) t.spec = { containers: [] }
  defaultPodSpec(t.spec)
}

/**
 * imagePullPolicy as SetDefaults_Container picks it: Always for `:latest` or no
 * tag at all, IfNotPresent for any other tag or a digest-only reference.
 */
export function defaultPullPolicy(image: string | undefined): string {
  return imageTag(image ?? '') === 'latest' ? 'Always' : 'IfNotPresent'
}

/** The tag of an image reference as parsers.ParseImageName reads it ('latest' when neither tag nor digest is given). */
export function imageTag(image: string): string {
  let ref = image
  let digest = ''
  const at = ref.indexOf('@')
  if (at >= 0) {
    digest = ref.slice(at + 1)
    ref = ref.slice(0, at)
  }
  const lastSlash = ref.lastIndexOf('/')
  const colon = ref.indexOf(':', lastSlash + 1)
  const tag = colon >= 0 ? ref.slice(colon + 1) : ''
  if (!tag && !digest) return 'latest'
  return tag
}

function defaultContainer(c: Container): void {
  // A struct, not a pointer, in Go: the API always returns it, as `resources: {}` when empty.
  if (!c.resources) c.resources = {}
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image)
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log'
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File'
  for (const p of c.ports ?? []) if (!p.protocol) p.protocol = 'TCP'
  defaultResourceList(c.resources?.limits)
  defaultResourceList(c.resources?.requests)
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef && !e.valueFrom.fieldRef.apiVersion) e.valueFrom.fieldRef.apiVersion = 'v1'
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe)
  if (c.lifecycle?.postStart) defaultHandler(c.lifecycle.postStart)
  if (c.lifecycle?.preStop) defaultHandler(c.lifecycle.preStop)
}

function defaultProbe(p: Probe): void {
  if (!p.timeoutSeconds) p.timeoutSeconds = 1
  if (!p.periodSeconds) p.periodSeconds = 10
  if (!p.successThreshold) p.successThreshold = 1
  if (!p.failureThreshold) p.failureThreshold = 3
  defaultHandler(p)
}

function defaultHandler(h: LifecycleHandler | Probe): void {
  if (h.httpGet) {
    if (!h.httpGet.path) h.httpGet.path = '/'
    if (!h.httpGet.scheme) h.httpGet.scheme = 'HTTP'
  }
}

function defaultVolume(v: Volume): void {
  const src = v as unknown as Record<string, unknown>
  if (!volumeSourceKeys.some((k) => src[k] !== undefined && src[k] !== null)) v.emptyDir = {}
  if (v.secret && v.secret.defaultMode === undefined) v.secret.defaultMode = 420
  if (v.configMap && v.configMap.defaultMode === undefined) v.configMap.defaultMode = 420
  if (v.downwardAPI) {
    if (v.downwardAPI.defaultMode === undefined) v.downwardAPI.defaultMode = 420
    for (const item of v.downwardAPI.items ?? []) if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1'
  }
  if (v.projected) {
    if (v.projected.defaultMode === undefined) v.projected.defaultMode = 420
    for (const s of v.projected.sources ?? []) {
      if (s.serviceAccountToken && s.serviceAccountToken.expirationSeconds === undefined) s.serviceAccountToken.expirationSeconds = 3600
      for (const item of s.downwardAPI?.items ?? []) if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1'
    }
  }
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = ''
}
