import type { Container, ContainerPort, EnvFromSource, EnvVar, Volume, VolumeMount } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../../apimachinery/validation'
import { validateDNS1123Label, validateQualifiedName } from '../../validation/names'
import { validateResourceRequirements } from '../../validation/resources'
import { isConfigMapKey, isRelaxedEnvVarName } from '../../validation/strings'
import { validateLifecycle, validateProbe } from './probes'
import { validateContainerSecurityContext } from './security-context'
import { validateLocalDescendingPath } from './volumes'

/** Containers and init containers: ports, env, envFrom, volume mounts, image pull policy, resources. */

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

export function validateContainerCommon(c: Container, volumes: Map<string, Volume>, fp: FieldPath): FieldError[] {
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
  errs.push(...validateContainerSecurityContext(c, fp.child('securityContext')))
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

export function validateContainers(containers: Container[], volumes: Map<string, Volume>, grace: number | undefined, fp: FieldPath): FieldError[] {
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

export function validateInitContainers(inits: Container[], regular: Container[], volumes: Map<string, Volume>, grace: number | undefined, fp: FieldPath): FieldError[] {
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
