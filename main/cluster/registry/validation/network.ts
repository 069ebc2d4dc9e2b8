import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'
import { isValidPortName, isValidPortNum } from '../../apimachinery/validation'

/** Network values: ports given by number or name, IP addresses and CIDRs. */

/** A port given as number or IANA name (ValidatePortNumOrName). */
export function validatePortNumOrName(port: number | string | undefined, fp: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => field.invalid(fp.toString(), port, m))
  if (typeof port === 'string') return isValidPortName(port).map((m) => field.invalid(fp.toString(), port, m))
  return isValidPortNum(0).map((m) => field.invalid(fp.toString(), 0, m))
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
