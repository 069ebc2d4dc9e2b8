import type { Container, ContainerPort, NodeSelectorTerm, PodAffinityTerm, PodSpec } from 'kubernetes-types/core/v1'
import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { FieldPath } from '../../../apimachinery/field-errors'
import { tryParseQuantity } from '../../../apimachinery/quantity'
import { isDNS1123Label } from '../../../apimachinery/validation'

/**
 * The warnings the API answers a pod or a pod template with
 * (pkg/api/pod/warnings.go, warningsForPodSpecAndMeta): things that are
 * valid but almost certainly not what was meant, such as a deprecated node
 * label in a selector, a memory quantity in millibytes (`128m`), an env var
 * defined twice or the same port twice. kubectl prints each after `Warning: `.
 * `at` is where the template is (`spec.template`), undefined for a Pod.
 */

const deprecatedNodeLabels: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead'
}

const deprecatedAnnotations: Record<string, string> = {
  'scheduler.alpha.kubernetes.io/critical-pod': 'non-functional in v1.16+; use the "priorityClassName" field instead',
  'security.alpha.kubernetes.io/sysctls': 'non-functional in v1.11+; use the "sysctls" field instead',
  'security.alpha.kubernetes.io/unsafe-sysctls': 'non-functional in v1.11+; use the "sysctls" field instead'
}

/** Volume plugins Kubernetes deprecated or removed, with what it says of each. */
const deprecatedVolumes: [keyof NonNullable<PodSpec['volumes']>[number], string][] = [
  ['photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  ['cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['rbd', 'deprecated in v1.28, non-functional in v1.31+']
]

const seccompPodAnnotation = 'seccomp.security.alpha.kubernetes.io/pod'
const seccompContainerAnnotationPrefix = 'container.seccomp.security.alpha.kubernetes.io/'
const appArmorContainerAnnotationPrefix = 'container.apparmor.security.beta.kubernetes.io/'

/** The warnings about a pod's spec and metadata (a Pod when `at` is undefined, else the template at `at`). */
export function podSpecWarnings(spec: PodSpec | undefined, meta: ObjectMeta | undefined, at?: FieldPath): string[] {
  if (!spec) return []
  const root = at ?? new FieldPath()
  const specPath = root.child('spec')
  const annotationsPath = root.child('metadata', 'annotations')
  const annotations = meta?.annotations ?? {}
  const warnings: string[] = []

  for (const key of Object.keys(spec.nodeSelector ?? {})) {
    if (deprecatedNodeLabels[key]) warnings.push(`${specPath.child('nodeSelector').key(key)}: ${deprecatedNodeLabels[key]}`)
  }
  const nodeAffinity = spec.affinity?.nodeAffinity
  const required = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []
  required.forEach((term, i) => warnings.push(...nodeSelectorTermWarnings(term, specPath.child('affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms').index(i))))
  ;(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) =>
    warnings.push(...nodeSelectorTermWarnings(term.preference, specPath.child('affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution').index(i).child('preference')))
  )
  ;(spec.topologySpreadConstraints ?? []).forEach((c, i) => {
    const p = specPath.child('topologySpreadConstraints').index(i)
    if (deprecatedNodeLabels[c.topologyKey]) warnings.push(`${p.child('topologyKey')}: ${c.topologyKey} is ${deprecatedNodeLabels[c.topologyKey]}`)
    if (!c.labelSelector) warnings.push(`${p.child('labelSelector')}: a null labelSelector results in matching no pod`)
  })

  for (const [key, message] of Object.entries(deprecatedAnnotations)) {
    if (key in annotations) warnings.push(`${annotationsPath.key(key)}: ${message}`)
  }

  ;(spec.volumes ?? []).forEach((v, i) => {
    for (const [plugin, message] of deprecatedVolumes) if (v[plugin]) warnings.push(`${specPath.child('volumes').index(i).child(plugin === 'storageos' ? 'storageOS' : plugin)}: ${message}`)
  })

  warnings.push(...duplicates(spec.hostAliases ?? [], (a) => a.ip ?? '', (i, ip) => `${specPath.child('hostAliases').index(i).child('ip')}: duplicate ip ${JSON.stringify(ip)}`))
  warnings.push(...duplicates(spec.imagePullSecrets ?? [], (s) => s.name ?? '', (i, name) => `${specPath.child('imagePullSecrets').index(i).child('name')}: duplicate name ${JSON.stringify(name)}`))
  ;(spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (!s.name) warnings.push(`${specPath.child('imagePullSecrets').index(i).child('name')}: invalid empty name ""`)
  })

  for (const resource of ['memory', 'ephemeral-storage']) {
    const fractional = fractionalBytes(spec.overhead?.[resource])
    if (fractional) warnings.push(`${specPath.child('overhead').key(resource)}: fractional byte value ${JSON.stringify(fractional)} is invalid, must be an integer`)
  }

  if (!spec.securityContext?.seccompProfile && seccompPodAnnotation in annotations) {
    warnings.push(`${annotationsPath.key(seccompPodAnnotation)}: non-functional in v1.27+; use the "seccompProfile" field instead`)
  }
  const podAppArmor = !!spec.securityContext?.appArmorProfile
  for (const [c, p] of containersWithPaths(spec, specPath)) {
    if (!c.securityContext?.seccompProfile && seccompContainerAnnotationPrefix + c.name in annotations) {
      warnings.push(`${annotationsPath.key(seccompContainerAnnotationPrefix + c.name)}: non-functional in v1.27+; use the "seccompProfile" field instead`)
    }
    // A Pod's AppArmor annotations become its fields instead (the strategy syncs them); a template's are only deprecated.
    if (at && !podAppArmor && !c.securityContext?.appArmorProfile && appArmorContainerAnnotationPrefix + c.name in annotations) {
      warnings.push(`${annotationsPath.key(appArmorContainerAnnotationPrefix + c.name)}: deprecated since v1.30; use the "appArmorProfile" field instead`)
    }
    for (const kind of ['limits', 'requests'] as const) {
      for (const resource of ['memory', 'ephemeral-storage']) {
        const fractional = fractionalBytes(c.resources?.[kind]?.[resource])
        if (fractional) warnings.push(`${p.child('resources', kind).key(resource)}: fractional byte value ${JSON.stringify(fractional)} is invalid, must be an integer`)
      }
    }
    warnings.push(...envWarnings(c, p))
  }
  warnings.push(...portWarnings(spec, specPath))

  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    warnings.push(`${specPath.child('terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`)
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const affinity = spec.affinity?.[kind]
    if (!affinity) continue
    const p = specPath.child('affinity', kind)
    warnings.push(...nullSelectors(affinity.requiredDuringSchedulingIgnoredDuringExecution ?? [], (i) => p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i).child('labelSelector')))
    warnings.push(
      ...nullSelectors(
        (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
        (i) => p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i).child('podAffinityTerm', 'labelSelector')
      )
    )
  }
  return warnings
}

/** The warning about a name that becomes a pod's hostname without being a DNS label (`my.app`); `usedIn` says where the API says it is used. */
export function nameLabelWarning(name: string | undefined, usedIn: string): string[] {
  const problems = isDNS1123Label(name ?? '')
  return name && problems.length ? [`metadata.name: this is used in ${usedIn}, which can result in surprising behavior; a DNS label is recommended: [${problems.join(' ')}]`] : []
}

function nodeSelectorTermWarnings(term: NodeSelectorTerm | undefined, p: FieldPath): string[] {
  return (term?.matchExpressions ?? []).flatMap((e, i) => (deprecatedNodeLabels[e.key] ? [`${p.child('matchExpressions').index(i).child('key')}: ${e.key} is ${deprecatedNodeLabels[e.key]}`] : []))
}

function nullSelectors(terms: (PodAffinityTerm | undefined)[], at: (i: number) => FieldPath): string[] {
  return terms.flatMap((t, i) => (t && !t.labelSelector ? [`${at(i)}: a null labelSelector results in matching no pod`] : []))
}

/** A warning for each item whose key an earlier item had. */
function duplicates<T>(items: T[], keyOf: (item: T) => string, message: (i: number, key: string) => string): string[] {
  if (items.length < 2) return []
  const seen = new Set<string>()
  return items.flatMap((item, i) => {
    const key = keyOf(item)
    if (seen.has(key)) return [message(i, key)]
    seen.add(key)
    return []
  })
}

/** The canonical quantity when it is a fraction of a byte (`128m`), else undefined. */
function fractionalBytes(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const q = tryParseQuantity(String(value))
  return q && q.milliValue() % 1000 !== 0 ? q.toString() : undefined
}

/** Init containers, containers and ephemeral containers with their paths, in the API's visiting order. */
function containersWithPaths(spec: PodSpec, specPath: FieldPath): [Container, FieldPath][] {
  return [
    ...(spec.initContainers ?? []).map((c, i): [Container, FieldPath] => [c, specPath.child('initContainers').index(i)]),
    ...(spec.containers ?? []).map((c, i): [Container, FieldPath] => [c, specPath.child('containers').index(i)]),
    ...(spec.ephemeralContainers ?? []).map((c, i): [Container, FieldPath] => [c as Container, specPath.child('ephemeralContainers').index(i)])
  ]
}

/** An env var defined again, unless the new value builds on the old one (`X=$(X):more`). */
function envWarnings(c: Container, p: FieldPath): string[] {
  const seen = new Set<string>()
  return (c.env ?? []).flatMap((e, i) => {
    if (!seen.has(e.name)) {
      seen.add(e.name)
      return []
    }
    const ref = `$(${e.name})`
    const value = e.value ?? ''
    const hides = !!e.valueFrom || value === ref || !value.includes(ref)
    return hides ? [`${p.child('env').index(i)}: hides previous definition of ${JSON.stringify(e.name)}, which may be dropped when using apply`] : []
  })
}

/** Go's %+v of a container port, as the hostIP warning prints it. */
function goPort(port: ContainerPort): string {
  return `{Name:${port.name ?? ''} HostPort:${port.hostPort ?? 0} ContainerPort:${port.containerPort} Protocol:${port.protocol ?? ''} HostIP:${port.hostIP ?? ''}}`
}

/** Ports across every container: a hostIP without a hostPort, and the same port/protocol defined twice, overlapping or ambiguously. */
function portWarnings(spec: PodSpec, specPath: FieldPath): string[] {
  const warnings: string[] = []
  const byPort = new Map<string, { at: FieldPath; port: ContainerPort }[]>()
  for (const [c, p] of containersWithPaths(spec, specPath)) {
    ;(c.ports ?? []).forEach((port, i) => {
      const at = p.child('ports').index(i)
      if (port.hostIP && !port.hostPort) warnings.push(`${at}: hostIP set without hostPort: ${goPort(port)}`)
      const key = `${port.containerPort}/${port.protocol ?? ''}`
      const others = byPort.get(key) ?? []
      for (const other of others) {
        const hostIP = port.hostIP ?? ''
        const otherHostIP = other.port.hostIP ?? ''
        const hostPort = port.hostPort ?? 0
        const otherHostPort = other.port.hostPort ?? 0
        if (hostIP === otherHostIP && hostPort === otherHostPort) warnings.push(`${at}: duplicate port definition with ${other.at}`)
        else if (hostPort === 0 || otherHostPort === 0) warnings.push(`${at}: overlapping port definition with ${other.at}`)
        else if (hostPort === otherHostPort && (hostIP === '') !== (otherHostIP === '')) warnings.push(`${at}: dangerously ambiguous port definition with ${other.at}`)
      }
      byPort.set(key, [...others, { at, port }])
    })
  }
  return warnings
}
