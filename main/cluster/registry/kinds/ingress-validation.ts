import type { HTTPIngressPath, IngressBackend, IngressRule, IngressSpec, IngressTLS } from 'kubernetes-types/networking/v1'
import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'
import { isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../apimachinery/validation'
import { parseIPSloppy } from './networkpolicy'

/**
 * An Ingress spec as pkg/apis/networking/validation checks it: a default
 * backend or rules, hosts that are DNS names (a leading `*.` allowed), paths
 * with a pathType and an absolute path, backends naming a service port or a
 * typed resource, TLS hosts and secret names.
 */

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'] as const
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F']
const invalidPathSuffixes = ['/..', '/.']
const wildcardMessage =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

/** IsWildcardDNS1123Subdomain. */
function isWildcardSubdomain(host: string): string[] {
  return /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host) && host.length <= 253 ? [] : [wildcardMessage]
}

function validateHost(host: string, fp: string): FieldError[] {
  if (parseIPSloppy(host)) return [field.invalid(fp, host, 'must be a DNS name, not an IP address')]
  const msgs = host.startsWith('*') ? isWildcardSubdomain(host) : isDNS1123Subdomain(host)
  return msgs.map((m) => field.invalid(fp, host, m))
}

export function validateBackend(backend: IngressBackend, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const at = fp.toString()
  if (backend.resource && backend.service) return [field.invalid(at, '', 'cannot set both resource and service backends')]
  if (backend.resource) {
    const rp = fp.child('resource')
    if (!backend.resource.kind) errs.push(field.required(rp.child('kind').toString()))
    if (!backend.resource.name) errs.push(field.required(rp.child('name').toString()))
    return errs
  }
  if (!backend.service) return [field.invalid(at, '', 'resource or service backend is required')]
  const sp = fp.child('service')
  const name = backend.service.name
  if (!name) errs.push(field.required(sp.child('name').toString()))
  else for (const m of isDNS1035Label(name)) errs.push(field.invalid(sp.child('name').toString(), name, m))
  const port = backend.service.port ?? {}
  if (port.name && port.number) errs.push(field.invalid(at, '', 'cannot set both port name & port number'))
  else if (port.name) for (const m of isValidPortName(port.name)) errs.push(field.invalid(sp.child('port', 'name').toString(), port.name, m))
  else if (port.number) for (const m of isValidPortNum(port.number)) errs.push(field.invalid(sp.child('port', 'number').toString(), port.number, m))
  else errs.push(field.required(at, 'port name or number is required'))
  return errs
}

function validatePath(p: HTTPIngressPath, fp: FieldPath): FieldError[] {
  const pp = fp.child('path').toString()
  if (!p.pathType) return [field.required(fp.child('pathType').toString(), 'pathType must be specified')]
  const errs: FieldError[] = []
  const path = p.path ?? ''
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!path.startsWith('/')) errs.push(field.invalid(pp, path, 'must be an absolute path'))
    for (const s of invalidPathSequences) if (path.includes(s)) errs.push(field.invalid(pp, path, `must not contain '${s}'`))
    for (const s of invalidPathSuffixes) if (path.endsWith(s)) errs.push(field.invalid(pp, path, `cannot end with '${s}'`))
  } else if (p.pathType === 'ImplementationSpecific') {
    if (path !== '' && !path.startsWith('/')) errs.push(field.invalid(pp, path, 'must be an absolute path'))
  } else {
    errs.push(field.notSupported(fp.child('pathType').toString(), p.pathType, pathTypes))
  }
  errs.push(...validateBackend(p.backend ?? {}, fp.child('backend')))
  return errs
}

function validateRule(rule: IngressRule, fp: FieldPath): FieldError[] {
  const errs = rule.host ? validateHost(rule.host, fp.child('host').toString()) : []
  if (rule.http) {
    const hp = fp.child('http')
    if (!rule.http.paths?.length) errs.push(field.required(hp.child('paths').toString()))
    ;(rule.http.paths ?? []).forEach((p, i) => errs.push(...validatePath(p, hp.child('paths').index(i))))
  }
  return errs
}

function validateTLS(tls: IngressTLS, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  ;(tls.hosts ?? []).forEach((h, i) => {
    const hp = fp.child('hosts').index(i).toString()
    const msgs = h.startsWith('*') ? isWildcardSubdomain(h) : isDNS1123Subdomain(h)
    for (const m of msgs) errs.push(field.invalid(hp, h, m))
  })
  if (tls.secretName) for (const m of isDNS1123Subdomain(tls.secretName)) errs.push(field.invalid(fp.child('secretName').toString(), tls.secretName, m))
  return errs
}

/** ValidateIngressSpec. */
export function validateIngressSpec(spec: IngressSpec | undefined, fp: FieldPath): FieldError[] {
  const s = spec ?? {}
  const errs: FieldError[] = []
  if (!s.rules?.length && !s.defaultBackend) {
    // Go prints the nil slice it got.
    errs.push({ type: 'FieldValueInvalid', field: fp.toString(), detail: '[]networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified' })
  }
  if (s.defaultBackend) errs.push(...validateBackend(s.defaultBackend, fp.child('defaultBackend')))
  ;(s.rules ?? []).forEach((r, i) => errs.push(...validateRule(r, fp.child('rules').index(i))))
  ;(s.tls ?? []).forEach((t, i) => errs.push(...validateTLS(t, fp.child('tls').index(i))))
  if (s.ingressClassName) for (const m of isDNS1123Subdomain(s.ingressClassName)) errs.push(field.invalid(fp.child('ingressClassName').toString(), s.ingressClassName, m))
  return errs
}
