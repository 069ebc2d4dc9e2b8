import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { isValidPortNum, nameIsDNS1035Label, validateLabels } from '../../apimachinery/validation'
import { validateDNS1123Label, validateDNS1123Subdomain, validateQualifiedName } from '../validation/names'
import { isIP, isIPv6, validateIP, validateNonSpecialIP, validateCIDR, validatePortNumOrName } from '../validation/network'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { affinities, externallyAccessible, ipFamilies, ipFamilyPolicies, isHeadless, needsHealthCheck, protocols, serviceTypes, trafficPolicies } from './service-spec'

/** ValidateService, ValidateServiceUpdate and ValidateServiceStatusUpdate (pkg/apis/core/validation), with their messages. */

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
export function validateService(svc: Service): FieldError[] {
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
export function validateUpdate(svc: Service, old: Service): FieldError[] {
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
export function validateStatusUpdate(svc: Service): FieldError[] {
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
