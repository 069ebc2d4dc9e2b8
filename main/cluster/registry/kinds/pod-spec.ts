import type {
  Container,
  ContainerPort,
  EnvFromSource,
  EnvVar,
  Lifecycle,
  LifecycleHandler,
  PodAffinityTerm,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Toleration,
  Volume,
  VolumeMount
} from 'kubernetes-types/core/v1'
import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { validateLabelSelector } from '../../apimachinery/label-selector'
import { type Quantity, QuantityParseError, quantityFromJSON } from '../../apimachinery/quantity'
import { type FieldError, type FieldPath, field, fieldErrorString } from '../../apimachinery/field-errors'
import {
  type NameValidator,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
  deepEqual
} from '../../apimachinery/validation'

/**
 * The pod spec shared by Pods and every workload template (ReplicationController,
 * ReplicaSet, Deployment, DaemonSet, Job...): defaults as pkg/apis/core/v1/defaults.go
 * sets them (SetDefaults_PodSpec, _Container, _Probe, _Volume and friends) and
 * validation as pkg/apis/core/validation ValidatePodSpec does it, in the same
 * order, with the same field paths and messages.
 *
 * Pod-only behaviour (requests defaulted from limits, enableServiceLinks,
 * admission plugins) lives in pod.ts: Kubernetes deliberately keeps it out of
 * templates.
 */

// ---------------------------------------------------------------- defaults

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

const volumeSourceKeys = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image'
] as const

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

// ---------------------------------------------------------------- small validators shared by the core kinds

/** `must be greater than or equal to 0`, as ValidateNonnegativeField. */
export function validateNonnegative(value: number | undefined, fp: FieldPath): FieldError[] {
  if (value !== undefined && value < 0) return [field.invalid(fp.toString(), value, 'must be greater than or equal to 0')]
  return []
}

/** `must be between lo and hi, inclusive`, as InclusiveRangeError. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`
}

/** A regex explanation formatted as validation.RegexError formats it. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`
  let s = msg + ' (e.g. '
  examples.forEach((e, i) => {
    if (i > 0) s += ' or '
    s += `'${e}', `
  })
  return s + `regex used for validation is '${fmt}')`
}

function chDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"]
  if (value === '..') return ["must not be '..'"]
  if (value.startsWith('..')) return ["must not start with '..'"]
  return []
}

/** Keys of ConfigMap and Secret data, and of key selectors (validation.IsConfigMapKey). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = []
  if (value.length > 253) errs.push('must be no more than 253 characters')
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'))
  }
  return errs.concat(chDirPrefix(value))
}

/** Environment variable names under RelaxedEnvironmentVariableValidation (beta, on by default since 1.32). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = []
  if (value.length === 0) errs.push('environment variable name must be non-empty')
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (code > 0x7e || code < 0x20 || ch === '=') {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='")
      break
    }
  }
  return errs
}

/** A port given as number or IANA name (ValidatePortNumOrName). */
export function validatePortNumOrName(port: number | string | undefined, fp: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => field.invalid(fp.toString(), port, m))
  if (typeof port === 'string') return isValidPortName(port).map((m) => field.invalid(fp.toString(), port, m))
  return isValidPortNum(0).map((m) => field.invalid(fp.toString(), 0, m))
}

/** Errors for a DNS-1123 label at a path (ValidateDNS1123Label). */
export function validateDNS1123Label(value: string, fp: FieldPath): FieldError[] {
  return isDNS1123Label(value).map((m) => field.invalid(fp.toString(), value, m))
}

/** Errors for a DNS-1123 subdomain at a path (ValidateDNS1123Subdomain). */
export function validateDNS1123Subdomain(value: string, fp: FieldPath): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => field.invalid(fp.toString(), value, m))
}

/** Errors for a qualified name (label key) at a path (ValidateLabelName / ValidateQualifiedName). */
export function validateQualifiedName(value: string, fp: FieldPath): FieldError[] {
  return isQualifiedName(value).map((m) => field.invalid(fp.toString(), value, m))
}

const ipv4Re = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** Whether s is an IPv4 or IPv6 address literal. */
export function isIP(s: string): boolean {
  if (ipv4Re.test(s)) return true
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false
  const parts = s.split('::')
  if (parts.length > 2) return false
  const groups = (p: string) => (p === '' ? [] : p.split(':'))
  const all = [...groups(parts[0]), ...(parts.length === 2 ? groups(parts[1]) : [])]
  let count = 0
  for (let i = 0; i < all.length; i++) {
    const g = all[i]
    if (i === all.length - 1 && g.includes('.')) {
      if (!ipv4Re.test(g)) return false
      count += 2
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count++
    else return false
  }
  return parts.length === 2 ? count < 8 : count === 8
}

/** `must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`, as validation.IsValidIP. */
export function validateIP(value: string, fp: FieldPath): FieldError[] {
  if (isIP(value)) return []
  return [field.invalid(fp.toString(), value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')]
}

/** ValidateNonSpecialIP (Endpoints, external IPs): no unspecified, loopback or link-local addresses. */
export function validateNonSpecialIP(ip: string, fp: FieldPath): FieldError[] {
  if (!isIP(ip)) return [field.invalid(fp.toString(), ip, 'must be a valid IP address')]
  const errs: FieldError[] = []
  if (ip === '0.0.0.0' || /^[0:]+$/.test(ip)) errs.push(field.invalid(fp.toString(), ip, `may not be unspecified (${ip})`))
  if (/^127\./.test(ip) || ip === '::1') errs.push(field.invalid(fp.toString(), ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'))
  if (/^169\.254\./.test(ip) || /^fe[89ab]/i.test(ip)) errs.push(field.invalid(fp.toString(), ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'))
  if (/^224\.0\.0\./.test(ip) || /^ff02:/i.test(ip)) errs.push(field.invalid(fp.toString(), ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'))
  return errs
}

/** Whether an address literal is IPv6. */
export function isIPv6(s: string): boolean {
  return s.includes(':')
}

/** validation.IsValidCIDR. */
export function validateCIDR(value: string, fp: FieldPath): FieldError[] {
  const [ip, bits, ...rest] = value.split('/')
  const max = isIPv6(ip ?? '') ? 128 : 32
  const ok = rest.length === 0 && isIP(ip ?? '') && bits !== undefined && /^\d+$/.test(bits) && Number(bits) <= max
  return ok ? [] : [field.invalid(fp.toString(), value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')]
}

/** The decoded length of a base64 string (the size Kubernetes counts for binary data). */
export function base64DecodedLength(b64: string): number {
  const s = b64.replace(/\s/g, '')
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0
  return Math.floor((s.length * 3) / 4) - pad
}

/**
 * Where a base64 value stops being valid, as Go's encoding/base64 reports it
 * (`illegal base64 data at input byte N`), or undefined when it decodes.
 */
export function base64Error(b64: string): string | undefined {
  const s = b64.replace(/[\r\n]/g, '')
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '=') {
      const rest = s.slice(i)
      if (i % 4 >= 2 && /^=+$/.test(rest) && s.length % 4 === 0 && rest.length <= 2) return undefined
      return `illegal base64 data at input byte ${i}`
    }
    if (!/[A-Za-z0-9+/]/.test(c)) return `illegal base64 data at input byte ${i}`
  }
  if (s.length % 4 !== 0) return `illegal base64 data at input byte ${s.length - (s.length % 4)}`
  return undefined
}

const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive'

function validateFileMode(mode: number | undefined, fp: FieldPath): FieldError[] {
  if (mode !== undefined && (mode > 0o777 || mode < 0)) return [field.invalid(fp.toString(), mode, fileModeErrorMsg)]
  return []
}

const standardFinalizers = ['kubernetes', 'orphan', 'foregroundDeletion']

/**
 * ObjectMeta as core/validation.ValidateObjectMeta checks it for the core
 * kinds: the generic checks plus the rule that an unprefixed finalizer must be
 * one of Kubernetes' own.
 */
export function validateCoreObjectMeta(meta: ObjectMeta | undefined, namespaced: boolean, validateName: NameValidator, fp: FieldPath): FieldError[] {
  const m = meta ?? {}
  const errs = validateObjectMeta(m, { namespaced, validateName }, fp)
  ;(m.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, fp.child('finalizers').index(i))))
  return errs
}

/** validateKubeFinalizerName: `name is neither a standard finalizer name nor is it fully qualified`. */
export function validateKubeFinalizerName(name: string, fp: FieldPath): FieldError[] {
  if (!name.includes('/') && !standardFinalizers.includes(name)) return [field.invalid(fp.toString(), name, 'name is neither a standard finalizer name nor is it fully qualified')]
  return []
}

function pruneEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(pruneEmpty) : undefined
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      const p = pruneEmpty(x)
      if (p !== undefined && p !== null) out[k] = p
    }
    return Object.keys(out).length ? out : undefined
  }
  return v
}

/**
 * apiequality.Semantic.DeepEqual for JSON: an empty list or map equals an
 * absent one, so `initContainers: []` is no change from no initContainers.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return deepEqual(pruneEmpty(a), pruneEmpty(b))
}

/** Drops repeated errors, as field.ErrorList.ToAggregate does before the message is built. */
export function dedupeErrors(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>()
  return errs.filter((e) => {
    const k = fieldErrorString(e)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

// ---------------------------------------------------------------- resources

/** A quantity from JSON (string or number) as Quantity.UnmarshalJSON reads it, or undefined when it does not parse. */
export function toQuantity(v: unknown): Quantity | undefined {
  try {
    return quantityFromJSON(v)
  } catch (e) {
    if (e instanceof QuantityParseError) return undefined
    throw e
  }
}

/** Why a value is not a quantity (Kubernetes' own parse message), or undefined when it is one. */
export function quantityError(v: unknown): string | undefined {
  try {
    quantityFromJSON(v)
    return undefined
  } catch (e) {
    if (e instanceof QuantityParseError) return e.message
    throw e
  }
}

/**
 * SetDefaults_ResourceList: every quantity rounded up to milli precision and
 * written back in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`), as the
 * apiserver stores and returns it. Values that do not parse are left for validation.
 */
export function defaultResourceList(list: Record<string, string> | undefined): void {
  if (!list) return
  for (const [k, v] of Object.entries(list)) {
    const q = toQuantity(v)
    if (q) list[k] = q.roundUp(-3).quantity.toString()
  }
}

const standardContainerResources = ['cpu', 'memory', 'ephemeral-storage']

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-')
}

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/')
}

function isExtendedResource(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false
  return isQualifiedName('requests.' + name).length === 0
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name)
}

function validateContainerResourceName(name: string, fp: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => field.invalid(fp.toString(), name, m))
  if (errs.length) return errs
  if (!name.includes('/')) {
    if (!standardContainerResources.includes(name) && !isHugePages(name)) return [field.invalid(fp.toString(), name, 'must be a standard resource for containers')]
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    return [field.invalid(fp.toString(), name, "doesn't follow extended resource name standard")]
  }
  return []
}

function validateQuantityValue(name: string, q: Quantity, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (q.sign() < 0) errs.push(field.invalid(fp.toString(), q.toString(), 'must be greater than or equal to 0'))
  if (isExtendedResource(name) && q.milliValue() % 1000 !== 0) errs.push(field.invalid(fp.toString(), q.toString(), 'must be an integer'))
  return errs
}

/** A container's resources as ValidateContainerResourceRequirements checks them. */
export function validateResourceRequirements(r: { limits?: Record<string, string>; requests?: Record<string, string> }, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const limPath = fp.child('limits')
  const reqPath = fp.child('requests')
  const limits = new Map<string, Quantity>()
  let limCpuMem = false
  let reqCpuMem = false
  let huge = false
  for (const [name, raw] of Object.entries(r.limits ?? {})) {
    const p = limPath.key(name)
    errs.push(...validateContainerResourceName(name, p))
    const q = toQuantity(raw)
    if (!q) {
      // The real apiserver fails to decode such a request (400); here it is reported at its field.
      errs.push(field.invalid(p.toString(), raw, quantityError(raw) ?? ''))
      continue
    }
    limits.set(name, q)
    errs.push(...validateQuantityValue(name, q, p))
    if (isHugePages(name)) huge = true
    if (name === 'cpu' || name === 'memory') limCpuMem = true
  }
  for (const [name, raw] of Object.entries(r.requests ?? {})) {
    const p = reqPath.key(name)
    errs.push(...validateContainerResourceName(name, p))
    const q = toQuantity(raw)
    if (!q) {
      errs.push(field.invalid(p.toString(), raw, quantityError(raw) ?? ''))
      continue
    }
    errs.push(...validateQuantityValue(name, q, p))
    const lim = limits.get(name)
    if (lim) {
      if (q.cmp(lim) !== 0 && !isOvercommitAllowed(name)) errs.push(field.invalid(reqPath.toString(), q.toString(), `must be equal to ${name} limit of ${lim.toString()}`))
      else if (q.cmp(lim) > 0) errs.push(field.invalid(reqPath.toString(), q.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`))
    } else if (!isOvercommitAllowed(name) && r.limits?.[name] === undefined) {
      errs.push(field.required(limPath.toString(), 'Limit must be set for non overcommitable resources'))
    }
    if (isHugePages(name)) huge = true
    if (name === 'cpu' || name === 'memory') reqCpuMem = true
  }
  if (huge && !limCpuMem && !reqCpuMem) errs.push(field.forbidden(fp.toString(), 'HugePages require cpu or memory'))
  return errs
}

// ---------------------------------------------------------------- volumes

function validateLocalDescendingPath(p: string, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (p.startsWith('/')) errs.push(field.invalid(fp.toString(), p, 'must be a relative path'))
  errs.push(...validatePathNoBacksteps(p, fp))
  return errs
}

function validatePathNoBacksteps(p: string, fp: FieldPath): FieldError[] {
  if (p.replace(/\\/g, '/').split('/').includes('..')) return [field.invalid(fp.toString(), p, "must not contain '..'")]
  return []
}

function validateLocalNonReservedPath(p: string, fp: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(p, fp)
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(field.invalid(fp.toString(), p, "must not start with '..'"))
  return errs
}

function validateKeyToPath(kp: { key?: string; path?: string; mode?: number }, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (!kp.key) errs.push(field.required(fp.child('key').toString()))
  if (!kp.path) errs.push(field.required(fp.child('path').toString()))
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', fp.child('path')))
  errs.push(...validateFileMode(kp.mode, fp.child('mode')))
  return errs
}

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']

/** Checks one volume source's own fields; returns the errors and how many sources were set. */
function validateVolumeSource(v: Volume, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  let n = 0
  const src = v as unknown as Record<string, unknown>
  for (const key of volumeSourceKeys) {
    if (src[key] === undefined || src[key] === null) continue
    // Kubernetes misspells this path in its own message; keep it so users can search for it.
    const pathKey = key === 'downwardAPI' ? 'downwarAPI' : key === 'cephfs' ? 'cephFS' : key
    if (n > 0) {
      errs.push(field.forbidden(fp.child(pathKey).toString(), 'may not specify more than 1 volume type'))
      continue
    }
    n++
    errs.push(...validateOneSource(v, key, fp))
  }
  if (n === 0) errs.push(field.required(fp.toString(), 'must specify a volume type'))
  return errs
}

function validateOneSource(v: Volume, key: (typeof volumeSourceKeys)[number], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  switch (key) {
    case 'hostPath': {
      const hp = v.hostPath!
      if (!hp.path) return [field.required(fp.child('hostPath', 'path').toString())]
      errs.push(...validatePathNoBacksteps(hp.path, fp.child('hostPath', 'path')))
      if (hp.type !== undefined && !hostPathTypes.includes(hp.type)) errs.push(field.notSupported(fp.child('hostPath', 'type').toString(), hp.type, hostPathTypes))
      break
    }
    case 'secret': {
      const s = v.secret!
      const p = fp.child('secret')
      if (!s.secretName) errs.push(field.required(p.child('secretName').toString()))
      errs.push(...validateFileMode(s.defaultMode, p.child('defaultMode')))
      ;(s.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child('items').index(i))))
      break
    }
    case 'configMap': {
      const c = v.configMap!
      const p = fp.child('configMap')
      if (!c.name) errs.push(field.required(p.child('name').toString()))
      errs.push(...validateFileMode(c.defaultMode, p.child('defaultMode')))
      ;(c.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child('items').index(i))))
      break
    }
    case 'persistentVolumeClaim':
      if (!v.persistentVolumeClaim!.claimName) errs.push(field.required(fp.child('persistentVolumeClaim', 'claimName').toString()))
      break
    case 'nfs': {
      const nfs = v.nfs!
      if (!nfs.server) errs.push(field.required(fp.child('nfs', 'server').toString()))
      if (!nfs.path) errs.push(field.required(fp.child('nfs', 'path').toString()))
      if (!(nfs.path ?? '').startsWith('/')) errs.push(field.invalid(fp.child('nfs', 'path').toString(), nfs.path ?? '', 'must be an absolute path'))
      break
    }
    case 'downwardAPI': {
      const d = v.downwardAPI!
      errs.push(...validateFileMode(d.defaultMode, fp.child('downwardAPI', 'defaultMode')))
      for (const item of d.items ?? []) {
        const p = fp.child('downwardAPI')
        if (!item.path) errs.push(field.required(p.child('path').toString()))
        errs.push(...validateLocalNonReservedPath(item.path ?? '', p.child('path')))
        if (!item.fieldRef && !item.resourceFieldRef) errs.push(field.required(p.toString(), 'one of fieldRef and resourceFieldRef is required'))
        errs.push(...validateFileMode(item.mode, p.child('mode')))
      }
      break
    }
    case 'projected': {
      const pr = v.projected!
      const p = fp.child('projected')
      errs.push(...validateFileMode(pr.defaultMode, p.child('defaultMode')))
      ;(pr.sources ?? []).forEach((s, i) => {
        const sp = p.child('sources').index(i)
        let count = 0
        if (s.secret) {
          count++
          ;(s.secret.items ?? []).forEach((kp, j) => errs.push(...validateKeyToPath(kp, sp.child('secret', 'items').index(j))))
        }
        if (s.configMap) {
          count++
          ;(s.configMap.items ?? []).forEach((kp, j) => errs.push(...validateKeyToPath(kp, sp.child('configMap', 'items').index(j))))
        }
        if (s.downwardAPI) count++
        if (s.serviceAccountToken) {
          count++
          const exp = s.serviceAccountToken.expirationSeconds ?? 3600
          const ep = sp.child('serviceAccountToken', 'expirationSeconds').toString()
          if (exp < 600) errs.push(field.invalid(ep, exp, 'may not specify a duration less than 10 minutes'))
          if (exp > 2 ** 32) errs.push(field.invalid(ep, exp, 'may not specify a duration larger than 2^32 seconds'))
          if (!s.serviceAccountToken.path) errs.push(field.required(p.child('path').toString()))
          else errs.push(...validateLocalNonReservedPath(s.serviceAccountToken.path, p.child('path')))
        }
        if (count > 1) errs.push(field.forbidden(sp.toString(), 'may not specify more than 1 volume type per source'))
      })
      break
    }
    case 'csi':
      if (!v.csi!.driver) errs.push(field.required(fp.child('csi', 'driver').toString()))
      break
    case 'gitRepo':
      if (!v.gitRepo!.repository) errs.push(field.required(fp.child('gitRepo', 'repository').toString()))
      errs.push(...validateLocalDescendingPath(v.gitRepo!.directory ?? '', fp.child('gitRepo', 'directory')))
      break
    case 'ephemeral':
      if (!v.ephemeral!.volumeClaimTemplate) errs.push(field.required(fp.child('ephemeral', 'volumeClaimTemplate').toString()))
      break
    default:
      // Cloud and legacy in-tree sources exist in the API but nothing in Kubelab mounts them.
      break
  }
  return errs
}

/** Validates spec.volumes; returns the errors and the names of the valid volumes (for volumeMounts). */
function validateVolumes(volumes: Volume[], fp: FieldPath): { errs: FieldError[]; names: Map<string, Volume> } {
  const errs: FieldError[] = []
  const names = new Map<string, Volume>()
  volumes.forEach((v, i) => {
    const ip = fp.index(i)
    const np = ip.child('name')
    const el = validateVolumeSource(v, ip)
    if (!v.name) el.push(field.required(np.toString()))
    else el.push(...validateDNS1123Label(v.name, np))
    if (names.has(v.name)) el.push(field.duplicate(np.toString(), v.name))
    if (el.length === 0) names.set(v.name, v)
    else errs.push(...el)
  })
  return { errs, names }
}

// ---------------------------------------------------------------- containers

const protocols = ['SCTP', 'TCP', 'UDP']

function validateContainerPorts(ports: ContainerPort[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const names = new Set<string>()
  ports.forEach((port, i) => {
    const ip = fp.index(i)
    if (port.name) {
      const msgs = isValidPortName(port.name)
      if (msgs.length) for (const m of msgs) errs.push(field.invalid(ip.child('name').toString(), port.name, m))
      else if (names.has(port.name)) errs.push(field.duplicate(ip.child('name').toString(), port.name))
      else names.add(port.name)
    }
    if (!port.containerPort) errs.push(field.required(ip.child('containerPort').toString()))
    else for (const m of isValidPortNum(port.containerPort)) errs.push(field.invalid(ip.child('containerPort').toString(), port.containerPort, m))
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(field.invalid(ip.child('hostPort').toString(), port.hostPort, m))
    if (!port.protocol) errs.push(field.required(ip.child('protocol').toString()))
    else if (!protocols.includes(port.protocol)) errs.push(field.notSupported(ip.child('protocol').toString(), port.protocol, protocols))
  })
  return errs
}

const envFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs']
const resourceFieldPaths = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory']

function validateKeySelector(s: { name?: string; key?: string }, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  for (const m of isDNS1123Subdomain(s.name ?? '')) errs.push(field.invalid(fp.child('name').toString(), s.name ?? '', m))
  if (!s.key) errs.push(field.required(fp.child('key').toString()))
  else for (const m of isConfigMapKey(s.key)) errs.push(field.invalid(fp.child('key').toString(), s.key, m))
  return errs
}

function validateEnv(env: EnvVar[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  env.forEach((ev, i) => {
    const ip = fp.index(i)
    if (!ev.name) errs.push(field.required(ip.child('name').toString()))
    else for (const m of isRelaxedEnvVarName(ev.name)) errs.push(field.invalid(ip.child('name').toString(), ev.name, m))
    const vf = ev.valueFrom
    if (!vf) return
    const vp = ip.child('valueFrom')
    let n = 0
    if (vf.fieldRef) {
      n++
      const fr = vf.fieldRef
      const frp = vp.child('fieldRef')
      if (!fr.apiVersion) errs.push(field.required(frp.child('apiVersion').toString()))
      else if (!fr.fieldPath) errs.push(field.required(frp.child('fieldPath').toString()))
      else {
        const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fr.fieldPath)
        if (sub) errs.push(...validateQualifiedName(sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2], frp))
        else if (!envFieldPaths.includes(fr.fieldPath)) errs.push(field.notSupported(frp.child('fieldPath').toString(), fr.fieldPath, envFieldPaths))
      }
    }
    if (vf.resourceFieldRef) {
      n++
      const r = vf.resourceFieldRef.resource
      const rp = vp.child('resourceFieldRef', 'resource').toString()
      if (!r) errs.push(field.required(rp))
      else if (!resourceFieldPaths.includes(r) && !r.startsWith('requests.hugepages-') && !r.startsWith('limits.hugepages-')) errs.push(field.notSupported(rp, r, resourceFieldPaths))
    }
    if (vf.configMapKeyRef) {
      n++
      errs.push(...validateKeySelector(vf.configMapKeyRef, vp.child('configMapKeyRef')))
    }
    if (vf.secretKeyRef) {
      n++
      errs.push(...validateKeySelector(vf.secretKeyRef, vp.child('secretKeyRef')))
    }
    if (n === 0) errs.push(field.invalid(vp.toString(), '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'))
    else if (ev.value) errs.push(field.invalid(vp.toString(), '', 'may not be specified when `value` is not empty'))
    else if (n > 1) errs.push(field.invalid(vp.toString(), '', 'may not have more than one field specified at a time'))
  })
  return errs
}

function validateEnvFrom(envFrom: EnvFromSource[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  envFrom.forEach((ev, i) => {
    const ip = fp.index(i)
    if (ev.prefix) for (const m of isRelaxedEnvVarName(ev.prefix)) errs.push(field.invalid(ip.child('prefix').toString(), ev.prefix, m))
    let n = 0
    for (const [key, ref] of [['configMapRef', ev.configMapRef], ['secretRef', ev.secretRef]] as const) {
      if (!ref) continue
      n++
      const np = ip.child(key, 'name').toString()
      if (!ref.name) errs.push(field.required(np))
      else for (const m of isDNS1123Subdomain(ref.name.endsWith('-') && ref.name.length > 1 ? ref.name.slice(0, -1) + 'a' : ref.name)) errs.push(field.invalid(np, ref.name, m))
    }
    if (n === 0) errs.push(field.invalid(fp.toString(), '', 'must specify one of: `configMapRef` or `secretRef`'))
    else if (n > 1) errs.push(field.invalid(fp.toString(), '', 'may not have more than one field specified at a time'))
  })
  return errs
}

function validateVolumeMounts(mounts: VolumeMount[], volumes: Map<string, Volume>, c: Container, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const paths = new Set<string>()
  mounts.forEach((m, i) => {
    const ip = fp.index(i)
    if (!m.name) errs.push(field.required(ip.child('name').toString()))
    if (!volumes.has(m.name)) errs.push(field.notFound(ip.child('name').toString(), m.name))
    if (!m.mountPath) errs.push(field.required(ip.child('mountPath').toString()))
    if (paths.has(m.mountPath)) errs.push(field.invalid(ip.child('mountPath').toString(), m.mountPath, 'must be unique'))
    paths.add(m.mountPath)
    // Kubernetes reports subPath problems at the list's path, not the item's; kept as it is.
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, fp.child('subPath')))
    if (m.subPathExpr) {
      if (m.subPath) errs.push(field.invalid(ip.child('subPathExpr').toString(), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'))
      errs.push(...validateLocalDescendingPath(m.subPathExpr, fp.child('subPathExpr')))
    }
    if (m.mountPropagation) {
      const modes = ['Bidirectional', 'HostToContainer', 'None']
      const mp = fp.child('mountPropagation').toString()
      if (!modes.includes(m.mountPropagation)) errs.push(field.notSupported(mp, m.mountPropagation, modes))
      if (m.mountPropagation === 'Bidirectional' && !c.securityContext?.privileged) errs.push(field.forbidden(mp, 'Bidirectional mount propagation is available only to privileged containers'))
    }
  })
  return errs
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never']

function validateContainerCommon(c: Container, volumes: Map<string, Volume>, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const np = fp.child('name')
  if (!c.name) errs.push(field.required(np.toString()))
  else errs.push(...validateDNS1123Label(c.name, np))
  if (!c.image) errs.push(field.required(fp.child('image').toString()))
  const tmp = c.terminationMessagePolicy
  if (!tmp) errs.push(field.required(fp.child('terminationMessagePolicy').toString()))
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(field.notSupported(fp.child('terminationMessagePolicy').toString(), tmp, ['File', 'FallbackToLogsOnError']))
  errs.push(...validateContainerPorts(c.ports ?? [], fp.child('ports')))
  errs.push(...validateEnv(c.env ?? [], fp.child('env')))
  errs.push(...validateEnvFrom(c.envFrom ?? [], fp.child('envFrom')))
  errs.push(...validateVolumeMounts(c.volumeMounts ?? [], volumes, c, fp.child('volumeMounts')))
  const pp = fp.child('imagePullPolicy').toString()
  if (!c.imagePullPolicy) errs.push(field.required(pp))
  else if (!pullPolicies.includes(c.imagePullPolicy)) errs.push(field.notSupported(pp, c.imagePullPolicy, pullPolicies))
  errs.push(...validateResourceRequirements(c.resources ?? {}, fp.child('resources')))
  errs.push(...validateSecurityContext(c, fp.child('securityContext')))
  return errs
}

function validateSecurityContext(c: Container, fp: FieldPath): FieldError[] {
  const sc = c.securityContext
  if (!sc) return []
  const errs: FieldError[] = []
  const idRange = inclusiveRangeError(0, 4294967295)
  if (sc.runAsUser !== undefined && (sc.runAsUser < 0 || sc.runAsUser > 4294967295)) errs.push(field.invalid(fp.child('runAsUser').toString(), sc.runAsUser, idRange))
  if (sc.runAsGroup !== undefined && (sc.runAsGroup < 0 || sc.runAsGroup > 4294967295)) errs.push(field.invalid(fp.child('runAsGroup').toString(), sc.runAsGroup, idRange))
  if (sc.allowPrivilegeEscalation === false && sc.privileged) {
    errs.push(field.invalid(fp.toString(), sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'))
  }
  return errs
}

function validateHandler(h: LifecycleHandler & Probe, grace: number | undefined, fp: FieldPath, isProbe: boolean): FieldError[] {
  const errs: FieldError[] = []
  let n = 0
  const kinds: [string, unknown][] = [['exec', h.exec], ['httpGet', h.httpGet], ['tcpSocket', h.tcpSocket]]
  if (isProbe) kinds.push(['grpc', h.grpc])
  else kinds.push(['sleep', h.sleep])
  for (const [kind, v] of kinds) {
    if (!v) continue
    const kp = fp.child(kind)
    if (n > 0) {
      errs.push(field.forbidden(kp.toString(), 'may not specify more than 1 handler type'))
      continue
    }
    n++
    if (kind === 'exec' && !h.exec!.command?.length) errs.push(field.required(kp.child('command').toString()))
    if (kind === 'httpGet') {
      const g = h.httpGet!
      if (!g.path) errs.push(field.required(kp.child('path').toString()))
      errs.push(...validatePortNumOrName(g.port, kp.child('port')))
      if (g.scheme !== 'HTTP' && g.scheme !== 'HTTPS') errs.push(field.notSupported(kp.child('scheme').toString(), g.scheme ?? '', ['HTTP', 'HTTPS']))
      for (const hd of g.httpHeaders ?? []) {
        if (!/^[-A-Za-z0-9]+$/.test(hd.name)) errs.push(field.invalid(kp.child('httpHeaders').toString(), hd.name, regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')))
      }
    }
    if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(h.tcpSocket!.port, kp.child('port')))
    if (kind === 'grpc') errs.push(...validatePortNumOrName(h.grpc!.port, kp.child('port')))
    if (kind === 'sleep' && grace !== undefined) {
      const s = h.sleep!.seconds
      if (s <= 0 || s > grace) {
        errs.push(field.invalid(kp.toString(), s, `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`))
      }
    }
  }
  if (n === 0) errs.push(field.required(fp.toString(), 'must specify a handler type'))
  return errs
}

function validateLifecycle(l: Lifecycle, grace: number | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (l.postStart) errs.push(...validateHandler(l.postStart, grace, fp.child('postStart'), false))
  if (l.preStop) errs.push(...validateHandler(l.preStop, grace, fp.child('preStop'), false))
  return errs
}

function validateProbe(p: Probe | undefined, grace: number | undefined, fp: FieldPath, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  if (!p) return []
  const errs = validateHandler(p, grace, fp, true)
  errs.push(...validateNonnegative(p.initialDelaySeconds, fp.child('initialDelaySeconds')))
  errs.push(...validateNonnegative(p.timeoutSeconds, fp.child('timeoutSeconds')))
  errs.push(...validateNonnegative(p.periodSeconds, fp.child('periodSeconds')))
  errs.push(...validateNonnegative(p.successThreshold, fp.child('successThreshold')))
  errs.push(...validateNonnegative(p.failureThreshold, fp.child('failureThreshold')))
  if (p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds <= 0) {
    errs.push(field.invalid(fp.child('terminationGracePeriodSeconds').toString(), p.terminationGracePeriodSeconds, 'must be greater than 0'))
  }
  if (kind !== 'readiness' && p.successThreshold !== 1) errs.push(field.invalid(fp.child('successThreshold').toString(), p.successThreshold, 'must be 1'))
  if (kind === 'readiness' && p.terminationGracePeriodSeconds !== undefined) {
    errs.push(field.invalid(fp.child('terminationGracePeriodSeconds').toString(), p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'))
  }
  return errs
}

function hostPortConflicts(containers: Container[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const seen = new Set<string>()
  containers.forEach((c, ci) => {
    ;(c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`
      if (seen.has(key)) errs.push(field.duplicate(fp.index(ci).child('ports').index(pi).child('hostPort').toString(), key))
      else seen.add(key)
    })
  })
  return errs
}

function validateContainers(containers: Container[], volumes: Map<string, Volume>, grace: number | undefined, fp: FieldPath): FieldError[] {
  if (containers.length === 0) return [field.required(fp.toString())]
  const errs: FieldError[] = []
  const names = new Set<string>()
  containers.forEach((c, i) => {
    const ip = fp.index(i)
    errs.push(...validateContainerCommon(c, volumes, ip))
    if (names.has(c.name)) errs.push(field.duplicate(ip.child('name').toString(), c.name))
    else names.add(c.name)
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, grace, ip.child('lifecycle')))
    errs.push(...validateProbe(c.livenessProbe, grace, ip.child('livenessProbe'), 'liveness'))
    errs.push(...validateProbe(c.readinessProbe, grace, ip.child('readinessProbe'), 'readiness'))
    errs.push(...validateProbe(c.startupProbe, grace, ip.child('startupProbe'), 'startup'))
    if (c.restartPolicy) errs.push(field.forbidden(ip.child('restartPolicy').toString(), 'may not be set for non-init containers'))
  })
  errs.push(...hostPortConflicts(containers, fp))
  return errs
}

function validateInitContainers(inits: Container[], regular: Container[], volumes: Map<string, Volume>, grace: number | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const names = new Set(regular.map((c) => c.name))
  const forbid = 'may not be set for init containers without restartPolicy=Always'
  inits.forEach((c, i) => {
    const ip = fp.index(i)
    errs.push(...validateContainerCommon(c, volumes, ip))
    let sidecar = false
    if (c.restartPolicy) {
      if (c.restartPolicy !== 'Always') errs.push(field.notSupported(ip.child('restartPolicy').toString(), c.restartPolicy, ['Always']))
      sidecar = c.restartPolicy === 'Always'
    }
    if (names.has(c.name)) errs.push(field.duplicate(ip.child('name').toString(), c.name))
    else if (c.name) names.add(c.name)
    errs.push(...hostPortConflicts([c], fp))
    if (sidecar) {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, grace, ip.child('lifecycle')))
      errs.push(...validateProbe(c.livenessProbe, grace, ip.child('livenessProbe'), 'liveness'))
      errs.push(...validateProbe(c.readinessProbe, grace, ip.child('readinessProbe'), 'readiness'))
      errs.push(...validateProbe(c.startupProbe, grace, ip.child('startupProbe'), 'startup'))
    } else {
      if (c.lifecycle) errs.push(field.forbidden(ip.child('lifecycle').toString(), forbid))
      if (c.livenessProbe) errs.push(field.forbidden(ip.child('livenessProbe').toString(), forbid))
      if (c.readinessProbe) errs.push(field.forbidden(ip.child('readinessProbe').toString(), forbid))
      if (c.startupProbe) errs.push(field.forbidden(ip.child('startupProbe').toString(), forbid))
    }
  })
  return errs
}

// ---------------------------------------------------------------- pod-level fields

const restartPolicies = ['Always', 'OnFailure', 'Never']
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']
const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

/** Tolerations as ValidateTolerations checks them. */
export function validateTolerations(tolerations: Toleration[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  tolerations.forEach((t, i) => {
    const ip = fp.index(i)
    if (t.key) errs.push(...validateQualifiedName(t.key, ip.child('key')))
    if (!t.key && t.operator !== 'Exists') {
      errs.push(field.invalid(ip.child('operator').toString(), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'))
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(field.invalid(ip.child('effect').toString(), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"))
    }
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(t.value ?? '')
        if (msgs.length) errs.push(field.invalid(ip.child('operator').toString(), t.value ?? '', msgs.join(';')))
        break
      }
      case 'Exists':
        if (t.value) errs.push(field.invalid(ip.child('operator').toString(), t.value, "value must be empty when `operator` is 'Exists'"))
        break
      default:
        errs.push(field.notSupported(ip.child('operator').toString(), t.operator, ['Equal', 'Exists']))
    }
    if (t.effect && !taintEffects.includes(t.effect)) errs.push(field.notSupported(ip.child('effect').toString(), t.effect, taintEffects))
  })
  return errs
}

function validateAffinity(spec: PodSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const na = spec.affinity?.nodeAffinity
  if (na) {
    const np = fp.child('nodeAffinity')
    const req = na.requiredDuringSchedulingIgnoredDuringExecution
    if (req) {
      const tp = np.child('requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms')
      if (!req.nodeSelectorTerms?.length) errs.push(field.required(tp.toString(), 'must have at least one node selector term'))
      ;(req.nodeSelectorTerms ?? []).forEach((term, i) => {
        ;(term.matchExpressions ?? []).forEach((rq, j) => errs.push(...validateNodeSelectorRequirement(rq, tp.index(i).child('matchExpressions').index(j), false)))
      })
    }
    ;(na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
      const tp = np.child('preferredDuringSchedulingIgnoredDuringExecution').index(i)
      if (term.weight <= 0 || term.weight > 100) errs.push(field.invalid(tp.child('weight').toString(), term.weight, 'must be in the range 1-100'))
      ;(term.preference?.matchExpressions ?? []).forEach((rq, j) => errs.push(...validateNodeSelectorRequirement(rq, tp.child('preference', 'matchExpressions').index(j), true)))
    })
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = spec.affinity?.[kind]
    if (!pa) continue
    const kp = fp.child(kind)
    ;(pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(t, kp.child('requiredDuringSchedulingIgnoredDuringExecution').index(i)))
    })
    ;(pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
      const wp = kp.child('preferredDuringSchedulingIgnoredDuringExecution').index(i)
      if (w.weight <= 0 || w.weight > 100) errs.push(field.invalid(wp.child('weight').toString(), w.weight, 'must be in the range 1-100'))
      errs.push(...validatePodAffinityTerm(w.podAffinityTerm, wp.child('podAffinityTerm')))
    })
  }
  return errs
}

function validatePodAffinityTerm(t: PodAffinityTerm, fp: FieldPath): FieldError[] {
  const errs = validateLabelSelector(t.labelSelector, fp.child('labelSelector'))
  errs.push(...validateLabelSelector(t.namespaceSelector, fp.child('namespaceSelector')))
  // Kubernetes reports each bad entry of `namespaces` at `namespace`.
  for (const ns of t.namespaces ?? []) for (const m of isDNS1123Label(ns)) errs.push(field.invalid(fp.child('namespace').toString(), ns, m))
  if (!t.topologyKey) errs.push(field.required(fp.child('topologyKey').toString(), 'can not be empty'))
  errs.push(...validateQualifiedName(t.topologyKey ?? '', fp.child('topologyKey')))
  return errs
}

const unsatisfiableActions = ['DoNotSchedule', 'ScheduleAnyway']

function validateTopologySpread(spec: PodSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const cs = spec.topologySpreadConstraints ?? []
  cs.forEach((c, i) => {
    const cp = fp.index(i)
    if (!(c.maxSkew > 0)) errs.push(field.invalid(cp.child('maxSkew').toString(), c.maxSkew, 'must be greater than zero'))
    if (!c.topologyKey) errs.push(field.required(cp.child('topologyKey').toString(), 'can not be empty'))
    if (!unsatisfiableActions.includes(c.whenUnsatisfiable)) errs.push(field.notSupported(cp.child('whenUnsatisfiable').toString(), c.whenUnsatisfiable ?? '', unsatisfiableActions))
    if (cs.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(field.duplicate(cp.child('{topologyKey, whenUnsatisfiable}').toString(), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`))
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(field.invalid(cp.child('minDomains').toString(), c.minDomains, 'must be greater than zero'))
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(field.invalid(cp.child('minDomains').toString(), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`))
      }
    }
    for (const key of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const v = c[key]
      if (v !== undefined && v !== 'Honor' && v !== 'Ignore') errs.push(field.notSupported(cp.child(key).toString(), v, ['Honor', 'Ignore']))
    }
    errs.push(...validateLabelSelector(c.labelSelector, cp.child('labelSelector')))
  })
  return errs
}

/** One node selector requirement (ValidateNodeSelectorRequirement); also used by PersistentVolume nodeAffinity. */
export function validateNodeSelectorRequirement(rq: { key: string; operator: string; values?: string[] }, fp: FieldPath, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = []
  const values = rq.values ?? []
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(field.required(fp.child('values').toString(), "must be specified when `operator` is 'In' or 'NotIn'"))
      break
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(field.forbidden(fp.child('values').toString(), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
      break
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(field.required(fp.child('values').toString(), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
      break
    default:
      errs.push(field.invalid(fp.child('operator').toString(), rq.operator, 'not a valid selector operator'))
  }
  errs.push(...validateQualifiedName(rq.key, fp.child('key')))
  if (!allowInvalidValues) values.forEach((v, i) => isValidLabelValue(v).forEach((m) => errs.push(field.invalid(fp.child('values').index(i).toString(), v, m))))
  return errs
}

function validatePodSecurityContext(spec: PodSpec, fp: FieldPath): FieldError[] {
  const sc = spec.securityContext
  if (!sc) return []
  const errs: FieldError[] = []
  const range = inclusiveRangeError(0, 4294967295)
  const bad = (n: number | undefined) => n !== undefined && (n < 0 || n > 4294967295)
  if (bad(sc.fsGroup)) errs.push(field.invalid(fp.child('fsGroup').toString(), sc.fsGroup, range))
  if (bad(sc.runAsUser)) errs.push(field.invalid(fp.child('runAsUser').toString(), sc.runAsUser, range))
  if (bad(sc.runAsGroup)) errs.push(field.invalid(fp.child('runAsGroup').toString(), sc.runAsGroup, range))
  ;(sc.supplementalGroups ?? []).forEach((g, i) => {
    if (bad(g)) errs.push(field.invalid(fp.child('supplementalGroups').index(i).toString(), g, range))
  })
  if (spec.shareProcessNamespace && spec.hostPID) {
    errs.push(field.invalid(fp.child('shareProcessNamespace').toString(), true, 'ShareProcessNamespace and HostPID cannot both be enabled'))
  }
  return errs
}

function validateDNSConfig(spec: PodSpec, fp: FieldPath): FieldError[] {
  const cfg = spec.dnsConfig
  if (spec.dnsPolicy === 'None') {
    if (!cfg) return [field.required(fp.toString(), 'must provide `dnsConfig` when `dnsPolicy` is None')]
    if (!cfg.nameservers?.length) return [field.required(fp.child('nameservers').toString(), 'must provide at least one DNS nameserver when `dnsPolicy` is None')]
  }
  if (!cfg) return []
  const errs: FieldError[] = []
  const ns = cfg.nameservers ?? []
  if (ns.length > 3) errs.push(field.invalid(fp.child('nameservers').toString(), ns, 'must not have more than 3 nameservers'))
  ns.forEach((n, i) => errs.push(...validateIP(n, fp.child('nameservers').index(i))))
  const searches = cfg.searches ?? []
  if (searches.length > 32) errs.push(field.invalid(fp.child('searches').toString(), searches, 'must not have more than 32 search paths'))
  if (searches.join(' ').length > 2048) errs.push(field.invalid(fp.child('searches').toString(), searches, 'must not have more than 2048 characters (including spaces) in the search list'))
  searches.forEach((s, i) => {
    if (s === '.') return
    const t = s.endsWith('.') ? s.slice(0, -1) : s
    if (!/^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/.test(t) || t.length > 253) {
      errs.push(
        field.invalid(
          fp.child('searches').index(i).toString(),
          t,
          regexError(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
            '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*',
            'example.com'
          )
        )
      )
    }
  })
  ;(cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(field.required(fp.child('options').index(i).toString(), 'must not be empty'))
  })
  return errs
}

/**
 * Validates a pod spec as ValidatePodSpec does, with paths under fp
 * (`spec` for a Pod, `spec.template.spec` for a workload).
 */
export function validatePodSpec(spec: PodSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const grace = spec.terminationGracePeriodSeconds ?? undefined
  if (grace === undefined) errs.push(field.required(fp.child('terminationGracePeriodSeconds').toString()))
  const vols = validateVolumes(spec.volumes ?? [], fp.child('volumes'))
  errs.push(...vols.errs)
  errs.push(...validateContainers(spec.containers ?? [], vols.names, grace, fp.child('containers')))
  errs.push(...validateInitContainers(spec.initContainers ?? [], spec.containers ?? [], vols.names, grace, fp.child('initContainers')))
  if (spec.hostNetwork) {
    ;(spec.containers ?? []).forEach((c, i) => {
      ;(c.ports ?? []).forEach((p, j) => {
        // Templates may leave hostPort to be defaulted when the Pod is made; any other value must match.
        if ((p.hostPort ?? 0) !== 0 && p.hostPort !== p.containerPort) {
          errs.push(field.invalid(fp.child('containers').index(i).child('ports').index(j).child('hostPort').toString(), p.hostPort, 'must match `containerPort` when `hostNetwork` is true'))
        }
      })
    })
  }
  const rp = fp.child('restartPolicy').toString()
  if (!spec.restartPolicy) errs.push(field.required(rp))
  else if (!restartPolicies.includes(spec.restartPolicy)) errs.push(field.notSupported(rp, spec.restartPolicy, restartPolicies))
  const dp = fp.child('dnsPolicy').toString()
  if (!spec.dnsPolicy) errs.push(field.required(dp))
  else if (!dnsPolicies.includes(spec.dnsPolicy)) errs.push(field.notSupported(dp, spec.dnsPolicy, dnsPolicies))
  errs.push(...validateLabels(spec.nodeSelector, fp.child('nodeSelector')))
  errs.push(...validatePodSecurityContext(spec, fp.child('securityContext')))
  ;(spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name')) errs.push(field.invalid(fp.child('imagePullSecrets').index(i).toString(), s, 'only name may be set'))
  })
  errs.push(...validateAffinity(spec, fp.child('affinity')))
  errs.push(...validateDNSConfig(spec, fp.child('dnsConfig')))
  ;(spec.readinessGates ?? []).forEach((g, i) => errs.push(...validateQualifiedName(g.conditionType, fp.child('readinessGates').index(i).child('conditionType'))))
  const gates = new Set<string>()
  ;(spec.schedulingGates ?? []).forEach((g, i) => {
    errs.push(...validateQualifiedName(g.name, fp.child('schedulingGates').index(i)))
    if (gates.has(g.name)) errs.push(field.duplicate(fp.child('schedulingGates').index(i).toString(), g.name))
    gates.add(g.name)
  })
  errs.push(...validateTopologySpread(spec, fp.child('topologySpreadConstraints')))
  if (spec.serviceAccountName) {
    for (const m of isDNS1123Subdomain(spec.serviceAccountName)) errs.push(field.invalid(fp.child('serviceAccountName').toString(), spec.serviceAccountName, m))
  }
  if (spec.nodeName) for (const m of isDNS1123Subdomain(spec.nodeName)) errs.push(field.invalid(fp.child('nodeName').toString(), spec.nodeName, m))
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds
    if (v < 1 || v > 2147483647) errs.push(field.invalid(fp.child('activeDeadlineSeconds').toString(), v, inclusiveRangeError(1, 2147483647)))
  }
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, fp.child('hostname')))
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, fp.child('subdomain')))
  if (spec.tolerations?.length) errs.push(...validateTolerations(spec.tolerations, fp.child('tolerations')))
  ;(spec.hostAliases ?? []).forEach((h, i) => {
    errs.push(...validateIP(h.ip ?? '', fp.child('hostAliases').index(i).child('ip')))
    ;(h.hostnames ?? []).forEach((n, j) => errs.push(...validateDNS1123Subdomain(n, fp.child('hostAliases').index(i).child('hostnames').index(j))))
  })
  if (spec.priorityClassName) {
    for (const m of isDNS1123Subdomain(spec.priorityClassName)) errs.push(field.invalid(fp.child('priorityClassName').toString(), spec.priorityClassName, m))
  }
  if (spec.runtimeClassName !== undefined) {
    for (const m of isDNS1123Subdomain(spec.runtimeClassName)) errs.push(field.invalid(fp.child('runtimeClassName').toString(), spec.runtimeClassName, m))
  }
  if (spec.preemptionPolicy !== undefined) {
    const pp = fp.child('preemptionPolicy').toString()
    if (!spec.preemptionPolicy) errs.push(field.required(pp))
    else if (spec.preemptionPolicy !== 'PreemptLowerPriority' && spec.preemptionPolicy !== 'Never') errs.push(field.notSupported(pp, spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']))
  }
  if (spec.os) {
    if (!spec.os.name) errs.push(field.required(fp.child('os', 'name').toString(), 'cannot be empty'))
    else if (spec.os.name !== 'linux' && spec.os.name !== 'windows') errs.push(field.notSupported(fp.child('os').toString(), spec.os.name, ['linux', 'windows']))
  }
  return errs
}

/** Validates a pod template as ValidatePodTemplateSpec does (fp is usually `spec.template`). */
export function validatePodTemplateSpec(t: PodTemplateSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const meta = t.metadata ?? {}
  // Kubernetes reports template labels at `<template>.labels`, without `metadata`.
  errs.push(...validateLabels(meta.labels, fp.child('labels')))
  errs.push(...validateAnnotations(meta.annotations, fp.child('annotations')))
  errs.push(...validatePodSpec(t.spec ?? { containers: [] }, fp.child('spec')))
  if (t.spec?.ephemeralContainers?.length) errs.push(field.forbidden(fp.child('spec', 'ephemeralContainers').toString(), 'ephemeral containers not allowed in pod template'))
  return errs
}
