import type { Lifecycle, LifecycleHandler, Probe } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { validatePortNumOrName } from '../../validation/network'
import { validateNonnegative } from '../../validation/numbers'
import { regexError } from '../../../apimachinery/validation'

/** Lifecycle handlers and liveness, readiness and startup probes of a container. */

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

export function validateLifecycle(l: Lifecycle, grace: number | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (l.postStart) errs.push(...validateHandler(l.postStart, grace, fp.child('postStart'), false))
  if (l.preStop) errs.push(...validateHandler(l.preStop, grace, fp.child('preStop'), false))
  return errs
}

export function validateProbe(p: Probe | undefined, grace: number | undefined, fp: FieldPath, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
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
