import type { PodSpec } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { validateIP } from '../../validation/network'
import { regexError } from '../../../apimachinery/validation'

/** spec.dnsConfig, and its requirement when dnsPolicy is None. */

export function validateDNSConfig(spec: PodSpec, fp: FieldPath): FieldError[] {
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
