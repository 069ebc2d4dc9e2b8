import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import type { Mutable } from '../../apimachinery/types'
import { deepEqual, isValidPortNum, nameIsDNS1035Label, validateLabels } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { serviceColumns } from '../columns/service'
import { validateDNS1123Label, validateDNS1123Subdomain, validateQualifiedName } from '../validation/names'
import { isIP, isIPv6, validateIP, validateNonSpecialIP, validateCIDR, validatePortNumOrName } from '../validation/network'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * Services (pkg/registry/core/service): SetDefaults_Service, the strategy's
 * normalisation of clusterIP/clusterIPs and of type-dependent fields, and
 * ValidateService. Allocating cluster IPs and node ports is the network
 * component's job; this file only keeps what was allocated across updates.
 */

/** The cluster's only IP family: Kubelab's Service network is single-stack IPv4. */
const clusterIPFamilies = ['IPv4']

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
const affinities = ['ClientIP', 'None']
const protocols = ['SCTP', 'TCP', 'UDP']
const ipFamilies = ['IPv4', 'IPv6']
const ipFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack']
const trafficPolicies = ['Cluster', 'Local']

/** A Service reachable from outside the cluster (service.ExternallyAccessible). */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
}

function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === 'None'
}

function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName'
}

function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
}

function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
}

function defaultService(svc: Service): void {
  svc.spec ??= {}
  const spec = svc.spec
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None'
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } }
  }
  if (!spec.type) spec.type = 'ClusterIP'
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP'
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster'
  if (!spec.internalTrafficPolicy && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) spec.internalTrafficPolicy = 'Cluster'
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true
  if (spec.type === 'LoadBalancer') for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP'
}

/**
 * The IP family fields as the service allocator initialises them on a
 * single-stack IPv4 cluster (the addresses themselves are the network's job).
 */
function initIPFamilyFields(spec: ServiceSpec): void {
  if (!needsClusterIP(spec)) return
  if (isHeadless(spec) && Object.keys(spec.selector ?? {}).length === 0) {
    // Headless services without a selector are dual-stack capable whatever the cluster is.
    spec.ipFamilyPolicy ??= 'RequireDualStack'
  } else {
    spec.ipFamilyPolicy ??= 'SingleStack'
  }
  if (!spec.ipFamilies?.length) spec.ipFamilies = spec.ipFamilyPolicy === 'SingleStack' ? [clusterIPFamilies[0]] : [...clusterIPFamilies]
}

function prepareForCreate(svc: Service): void {
  ;(svc as Mutable<Service>).status = { loadBalancer: {} }
  const spec = svc.spec!
  // Old clients set only clusterIP; the plural follows the singular.
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP]
  initIPFamilyFields(spec)
}

function sameList(a: unknown[] | undefined, b: unknown[] | undefined): boolean {
  return deepEqual(a ?? [], b ?? [])
}

function prepareForUpdate(svc: Service, old: Service): void {
  const spec = svc.spec!
  const os = old.spec ?? {}
  ;(svc as Mutable<Service>).status = old.status
  patchAllocatedValues(spec, os)
  normalizeClusterIPs(spec, os)
  if (needsClusterIP(os) && needsClusterIP(spec)) {
    spec.ipFamilyPolicy ??= os.ipFamilyPolicy
    if (!spec.ipFamilies?.length && os.ipFamilies?.length) spec.ipFamilies = os.ipFamilies
  }
  dropTypeDependentFields(svc, old)
  initIPFamilyFields(spec)
}

/** Values allocated at create that a client left out of its update stay as they were (idempotent replace). */
function patchAllocatedValues(spec: ServiceSpec, os: ServiceSpec): void {
  if (needsClusterIP(os) && needsClusterIP(spec)) {
    if (!spec.clusterIP) spec.clusterIP = os.clusterIP
    if (!spec.clusterIPs?.length && os.clusterIPs?.length) spec.clusterIPs = os.clusterIPs
  }
  if (needsNodePort(os) && needsNodePort(spec)) {
    const usedNew = new Set((spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n))
    const used = new Set((os.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n && usedNew.has(n)))
    const byName = new Map((os.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]))
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue
      const v = byName.get(p.name ?? '') ?? 0
      if (v && !used.has(v)) p.nodePort = v
    }
  }
  if (needsHealthCheck(os) && needsHealthCheck(spec) && !spec.healthCheckNodePort) spec.healthCheckNodePort = os.healthCheckNodePort
}

/** NormalizeClusterIPs for an update: keep the singular and plural fields in step. */
function normalizeClusterIPs(spec: ServiceSpec, os: ServiceSpec): void {
  if (os.clusterIPs?.length && !spec.clusterIPs?.length && (os.clusterIP ?? '') === (spec.clusterIP ?? '')) spec.clusterIPs = os.clusterIPs
  if ((os.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (os.clusterIP && !spec.clusterIP) {
      if (sameList(os.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs
    } else if (sameList(os.clusterIPs, spec.clusterIPs)) {
      spec.clusterIPs = [spec.clusterIP!]
    }
  }
}

/** Wipes fields a type change made meaningless, when the user did not change them. */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = svc.spec!
  const os = old.spec ?? {}
  if (needsClusterIP(os) && !needsClusterIP(spec)) {
    if ((os.clusterIP ?? '') === (spec.clusterIP ?? '') && sameList(os.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP
      delete spec.clusterIPs
    }
    if (sameList(os.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies
    if (os.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy
  }
  const nodePorts = (s: ServiceSpec) => (s.ports ?? []).map((p) => p.nodePort ?? 0)
  if (needsNodePort(os) && !needsNodePort(spec) && sameList(nodePorts(os), nodePorts(spec))) for (const p of spec.ports ?? []) delete p.nodePort
  if (needsHealthCheck(os) && !needsHealthCheck(spec) && os.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort
  if (os.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === os.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts
    if (spec.loadBalancerClass === os.loadBalancerClass) delete spec.loadBalancerClass
  }
  if (externallyAccessible(os) && !externallyAccessible(spec) && spec.externalTrafficPolicy === os.externalTrafficPolicy) delete spec.externalTrafficPolicy
  if (spec.type !== 'LoadBalancer' && svc.status) (svc as Mutable<Service>).status = { ...svc.status, loadBalancer: {} }
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (requireName && !sp.name) errs.push(field.required(fp.child('name').toString()))
  else if (sp.name) {
    errs.push(...validateDNS1123Label(sp.name, fp.child('name')))
    if (names.has(sp.name)) errs.push(field.duplicate(fp.child('name').toString(), sp.name))
    else names.add(sp.name)
  }
  for (const m of isValidPortNum(sp.port ?? 0)) errs.push(field.invalid(fp.child('port').toString(), sp.port ?? 0, m))
  if (!sp.protocol) errs.push(field.required(fp.child('protocol').toString()))
  else if (!protocols.includes(sp.protocol)) errs.push(field.notSupported(fp.child('protocol').toString(), sp.protocol, protocols))
  errs.push(...validatePortNumOrName(sp.targetPort, fp.child('targetPort')))
  if (sp.appProtocol !== undefined) errs.push(...validateQualifiedName(sp.appProtocol, fp.child('appProtocol')))
  return errs
}

/** ValidateServiceClusterIPsRelatedFields. */
function validateClusterIPFields(spec: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName') return []
  const errs: FieldError[] = []
  const sp = path('spec')
  const ipsPath = sp.child('clusterIPs')
  const ips = spec.clusterIPs ?? []
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(field.required(ipsPath.toString()))
    else if (ips[0] !== spec.clusterIP) errs.push(field.invalid(ipsPath.toString(), ips, 'first value must match `clusterIP`'))
  } else if (ips.length) {
    errs.push(field.invalid(ipsPath.toString(), ips, 'must be empty when `clusterIP` is not specified'))
  }
  const seen = new Set<string>()
  ;(spec.ipFamilies ?? []).forEach((f, i) => {
    const fp = sp.child('ipFamilies').index(i).toString()
    if (!ipFamilies.includes(f)) errs.push(field.notSupported(fp, f, ipFamilies))
    if (seen.has(f)) errs.push(field.duplicate(fp, f))
    seen.add(f)
  })
  if (spec.ipFamilyPolicy !== undefined && !ipFamilyPolicies.includes(spec.ipFamilyPolicy)) {
    errs.push(field.notSupported(sp.child('ipFamilyPolicy').toString(), spec.ipFamilyPolicy, ipFamilyPolicies))
  }
  let invalidIPs = false
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalidIPs = true
        errs.push(field.invalid(ipsPath.toString(), ips, "'None' must be the first and only value"))
      }
      return
    }
    const e = validateIP(ip, ipsPath.index(i))
    if (e.length) invalidIPs = true
    errs.push(...e)
  })
  if (ips.length > 2) errs.push(field.invalid(ipsPath.toString(), ips, 'may only hold up to 2 values'))
  if (invalidIPs) return errs
  if (ips.length > 1 && isIPv6(ips[0]) === isIPv6(ips[1])) errs.push(field.invalid(ipsPath.toString(), ips, 'may specify no more than one IP for each IP family'))
  if (!isHeadless(spec)) {
    ips.forEach((ip, i) => {
      const fam = spec.ipFamilies?.[i]
      if (fam === 'IPv4' && isIPv6(ip)) errs.push(field.invalid(ipsPath.index(i).toString(), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``))
      if (fam === 'IPv6' && !isIPv6(ip)) errs.push(field.invalid(ipsPath.index(i).toString(), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``))
    })
  }
  return errs
}

/** ValidateService: everything checked on create, and again on update. */
function validateService(svc: Service): FieldError[] {
  const sp = path('spec')
  const spec = svc.spec ?? {}
  const errs = validateCoreObjectMeta(svc.metadata, true, nameIsDNS1035Label, path('metadata'))
  const ann = svc.metadata?.annotations ?? {}
  const hints = ann['service.kubernetes.io/topology-aware-hints']
  const mode = ann['service.kubernetes.io/topology-mode']
  if (hints !== undefined && mode !== undefined && hints !== mode) {
    errs.push(field.invalid(path('metadata', 'annotations').key('service.kubernetes.io/topology-mode').toString(), mode, 'must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified'))
  }
  const ports = spec.ports ?? []
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(field.required(sp.child('ports').toString()))
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(spec)) {
    errs.push(field.invalid(sp.child('clusterIPs').index(0).toString(), 'None', `may not be set to 'None' for ${spec.type} services`))
  }
  if (spec.type === 'ExternalName') {
    if (spec.clusterIPs?.length) errs.push(field.forbidden(sp.child('clusterIPs').toString(), 'may not be set for ExternalName services'))
    if (spec.ipFamilies?.length) errs.push(field.forbidden(sp.child('ipFamilies').toString(), 'may not be set for ExternalName services'))
    if (spec.ipFamilyPolicy !== undefined) errs.push(field.forbidden(sp.child('ipFamilyPolicy').toString(), 'may not be set for ExternalName services'))
    // A trailing dot marks the name fully qualified.
    const cname = (spec.externalName ?? '').replace(/\.$/, '')
    if (cname) errs.push(...validateDNS1123Subdomain(cname, sp.child('externalName')))
    else errs.push(field.required(sp.child('externalName').toString()))
  }
  const names = new Set<string>()
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, sp.child('ports').index(i))))
  if (spec.selector) errs.push(...validateLabels(spec.selector, sp.child('selector')))
  const sa = sp.child('sessionAffinity').toString()
  if (!spec.sessionAffinity) errs.push(field.required(sa))
  else if (!affinities.includes(spec.sessionAffinity)) errs.push(field.notSupported(sa, spec.sessionAffinity, affinities))
  const cfgPath = sp.child('sessionAffinityConfig')
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig
    const why = 'when session affinity type is ClientIP'
    if (!cfg) errs.push(field.required(cfgPath.toString(), why))
    else if (!cfg.clientIP) errs.push(field.required(cfgPath.child('clientIP').toString(), why))
    else if (cfg.clientIP.timeoutSeconds === undefined) errs.push(field.required(cfgPath.child('clientIP', 'timeoutSeconds').toString(), why))
    else if (cfg.clientIP.timeoutSeconds <= 0 || cfg.clientIP.timeoutSeconds > 86400) {
      errs.push(field.invalid(cfgPath.child('clientIP', 'timeoutSeconds').toString(), cfg.clientIP.timeoutSeconds, 'must be greater than 0 and less than 86400'))
    }
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(field.forbidden(cfgPath.toString(), 'must not be set when session affinity is None'))
  }
  errs.push(...validateClusterIPFields(spec))
  ;(spec.externalIPs ?? []).forEach((ip, i) => {
    const e = validateIP(ip, sp.child('externalIPs').index(i))
    errs.push(...(e.length ? e : validateNonSpecialIP(ip, sp.child('externalIPs').index(i))))
  })
  if (!spec.type) errs.push(field.required(sp.child('type').toString()))
  else if (!serviceTypes.includes(spec.type)) errs.push(field.notSupported(sp.child('type').toString(), spec.type, serviceTypes))
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(field.forbidden(sp.child('ports').index(i).child('nodePort').toString(), "may not be used when `type` is 'ClusterIP'"))
    })
  }
  const nodePorts = new Set<string>()
  ports.forEach((p, i) => {
    if (!p.nodePort) return
    const key = `${p.protocol}/${p.nodePort}`
    if (nodePorts.has(key)) errs.push(field.duplicate(sp.child('ports').index(i).child('nodePort').toString(), p.nodePort))
    nodePorts.add(key)
  })
  const seenPorts = new Set<string>()
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`
    // Kubernetes shows the whole (protocol, port) pair as the duplicate value.
    if (seenPorts.has(key)) errs.push(field.duplicate(sp.child('ports').index(i).toString(), { protocol: p.protocol, port: p.port }))
    seenPorts.add(key)
  })
  const ranges = spec.loadBalancerSourceRanges ?? []
  if (ranges.length) {
    const rp = sp.child('LoadBalancerSourceRanges')
    if (spec.type !== 'LoadBalancer') errs.push(field.forbidden(rp.toString(), "may only be used when `type` is 'LoadBalancer'"))
    ranges.forEach((r, i) => errs.push(...validateCIDR(r.trim(), rp.index(i))))
  } else if (ann['service.beta.kubernetes.io/load-balancer-source-ranges'] !== undefined) {
    const ap = path('metadata', 'annotations').key('service.beta.kubernetes.io/load-balancer-source-ranges')
    if (spec.type !== 'LoadBalancer') errs.push(field.forbidden(ap.toString(), "may only be used when `type` is 'LoadBalancer'"))
    const val = ann['service.beta.kubernetes.io/load-balancer-source-ranges'].trim()
    if (val) for (const c of val.split(',')) errs.push(...validateCIDR(c.trim(), ap))
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errs.push(field.forbidden(sp.child('allocateLoadBalancerNodePorts').toString(), "may only be used when `type` is 'LoadBalancer'"))
  }
  // Kubernetes reports this one without the `spec.` prefix.
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) errs.push(field.required('allocateLoadBalancerNodePorts'))
  errs.push(...validateLoadBalancerClass(spec))
  errs.push(...validateTrafficPolicies(spec))
  return errs
}

function validateLoadBalancerClass(spec: ServiceSpec): FieldError[] {
  const fp = path('spec', 'loadBalancerClass')
  if (spec.loadBalancerClass === undefined) return []
  if (spec.type === 'LoadBalancer') return validateQualifiedName(spec.loadBalancerClass, fp)
  return [field.forbidden(fp.toString(), "may only be used when `type` is 'LoadBalancer'")]
}

function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = []
  const sp = path('spec')
  const etp = spec.externalTrafficPolicy
  if (!externallyAccessible(spec)) {
    if (etp) errs.push(field.invalid(sp.child('externalTrafficPolicy').toString(), etp, 'may only be set for externally-accessible services'))
  } else if (!etp) errs.push(field.required(sp.child('externalTrafficPolicy').toString()))
  else if (!trafficPolicies.includes(etp)) errs.push(field.notSupported(sp.child('externalTrafficPolicy').toString(), etp, trafficPolicies))
  const hc = spec.healthCheckNodePort ?? 0
  if (!needsHealthCheck(spec)) {
    if (hc) errs.push(field.invalid(sp.child('healthCheckNodePort').toString(), hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"))
  } else if (hc) {
    // A missing healthCheckNodePort is allocated by the network component afterwards, not rejected here.
    for (const m of isValidPortNum(hc)) errs.push(field.invalid(sp.child('healthCheckNodePort').toString(), hc, m))
  }
  const itp = spec.internalTrafficPolicy
  if (!itp && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? '')) errs.push(field.required(sp.child('internalTrafficPolicy').toString()))
  if (itp && !trafficPolicies.includes(itp)) errs.push(field.notSupported(sp.child('internalTrafficPolicy').toString(), itp, trafficPolicies))
  const td = (spec as { trafficDistribution?: string }).trafficDistribution
  if (td !== undefined && td !== 'PreferClose') errs.push(field.notSupported(sp.child('trafficDistribution').toString(), td, ['PreferClose']))
  return errs
}

/** ValidateServiceUpdate (the pipeline has already compared metadata). */
function validateUpdate(svc: Service, old: Service): FieldError[] {
  const errs: FieldError[] = []
  const spec = svc.spec ?? {}
  const os = old.spec ?? {}
  const ipsPath = path('spec', 'clusterIPs')
  if (spec.type !== 'ExternalName' && os.type !== 'ExternalName' && !(isHeadless(spec) && isHeadless(os))) {
    const now = spec.clusterIPs ?? []
    const was = os.clusterIPs ?? []
    if (was.length === now.length) {
      was.forEach((ip, i) => {
        if (ip !== now[i]) errs.push(field.invalid(ipsPath.index(i).toString(), now, 'may not change once set'))
      })
    } else if (was.length > now.length) {
      if (now.length === 0) errs.push(field.invalid(ipsPath.index(0).toString(), now, 'primary clusterIP can not be unset'))
      if (was.length && now.length && now[0] !== was[0]) errs.push(field.invalid(ipsPath.index(0).toString(), now, 'may not change once set'))
      if (now.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
        errs.push(field.invalid(path('spec', 'ipFamilyPolicy').toString(), spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"))
      }
    } else if (was.length && now[0] !== was[0]) {
      errs.push(field.invalid(ipsPath.index(0).toString(), now, 'may not change once set'))
    }
  }
  if (spec.type !== 'ExternalName' && os.type !== 'ExternalName' && isHeadless(spec) === isHeadless(os) && !isHeadless(spec)) {
    const now = spec.ipFamilies ?? []
    const was = os.ipFamilies ?? []
    const fp = path('spec', 'ipFamilies').index(0).toString()
    if (was.length === now.length) {
      was.forEach((f, i) => {
        if (f !== now[i]) errs.push(field.invalid(fp, now, 'may not change once set'))
      })
    } else if (was.length > now.length) {
      if (!spec.clusterIPs?.length) errs.push(field.invalid(fp, now, 'primary ipFamily can not be unset'))
      if (now.length && now[0] !== was[0]) errs.push(field.invalid(fp, spec.clusterIPs ?? [], 'may not change once set'))
      if (now.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
        errs.push(field.invalid(path('spec', 'ipFamilyPolicy').toString(), spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"))
      }
    } else if (was.length && now.length && now[0] !== was[0]) {
      errs.push(field.invalid(fp, spec.clusterIPs ?? [], 'may not change once set'))
    }
  }
  if (os.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && os.loadBalancerClass !== spec.loadBalancerClass) {
    errs.push(field.invalid(path('spec', 'loadBalancerClass').toString(), spec.loadBalancerClass ?? null, 'may not change once set'))
  }
  if (needsHealthCheck(os) && needsHealthCheck(spec) && spec.healthCheckNodePort !== os.healthCheckNodePort) {
    errs.push(field.forbidden(path('spec', 'healthCheckNodePort').toString(), 'field is immutable'))
  }
  return [...errs, ...validateService(svc)]
}

/** ValidateServiceStatusUpdate: the load balancer status. */
function validateStatusUpdate(svc: Service): FieldError[] {
  const errs: FieldError[] = []
  const ing = svc.status?.loadBalancer?.ingress ?? []
  const ip = path('status', 'loadBalancer', 'ingress')
  if (svc.spec?.type !== 'LoadBalancer' && ing.length) return [field.forbidden(ip.toString(), "may only be used when `spec.type` is 'LoadBalancer'")]
  ing.forEach((g, i) => {
    const p = ip.index(i)
    if (g.ip) errs.push(...validateIP(g.ip, p.child('ip')))
    if (g.ip && !g.ipMode) errs.push(field.required(p.child('ipMode').toString(), 'must be specified when `ip` is set'))
    else if (g.ipMode && !g.ip) errs.push(field.forbidden(p.child('ipMode').toString(), 'may not be specified when `ip` is not set'))
    else if (g.ipMode && g.ipMode !== 'VIP' && g.ipMode !== 'Proxy') errs.push(field.notSupported(p.child('ipMode').toString(), g.ipMode, ['Proxy', 'VIP']))
    if (g.hostname) {
      errs.push(...validateDNS1123Subdomain(g.hostname, p.child('hostname')))
      if (isIP(g.hostname)) errs.push(field.invalid(p.child('hostname').toString(), g.hostname, 'must be a DNS name, not an IP address'))
    }
  })
  return errs
}

export const serviceDefinition: ResourceDefinition<Service> = {
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: serviceColumns,
  defaults: defaultService,
  prepareForCreate,
  prepareForUpdate,
  validate: validateService,
  validateUpdate,
  validateStatusUpdate,
  selectableFields: (svc) => ({ 'spec.clusterIP': svc.spec?.clusterIP ?? '', 'spec.type': svc.spec?.type ?? '' })
  // Table columns and the OpenAPI schema are added here by a later change.
}
