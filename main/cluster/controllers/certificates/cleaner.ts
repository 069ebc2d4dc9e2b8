import { X509Certificate } from 'node:crypto'
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1'
import { isNotFound } from '../../apimachinery/errors'
import type { Timer } from '../../clock'
import type { Component, ComponentFactory } from '../../component'
import { parseTime } from '../../registry/columns/human-duration'

/**
 * kube-controller-manager's csrcleaner (pkg/controller/certificates/cleaner):
 * once an hour of cluster time it deletes the requests that are done with
 * or forgotten: issued ones an hour after approval, denied and failed ones an
 * hour after that condition, pending ones (no condition at all) a day after
 * creation, and any whose certificate has expired.
 */

const csrGVR = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' }
const componentName = 'csrcleaner'
const HOUR = 3_600_000
const pollingInterval = HOUR
const approvedExpiration = HOUR
const deniedExpiration = HOUR
const failedExpiration = HOUR
const pendingExpiration = 24 * HOUR

const olderThan = (timestamp: string | undefined, ms: number, now: number): boolean => {
  const t = parseTime(timestamp)
  return t !== undefined && t + ms < now
}

const conditionPastDeadline = (csr: CertificateSigningRequest, type: string, ms: number, now: number): boolean =>
  (csr.status?.conditions ?? []).some((c) => c.type === type && olderThan(c.lastUpdateTime, ms, now))

/** isIssuedExpired: a certificate of the request is no longer valid. */
function certificateExpired(csr: CertificateSigningRequest, now: number): boolean {
  const pem = Buffer.from(csr.status?.certificate ?? '', 'base64').toString('latin1')
  for (const [block] of pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)) {
    try {
      if (Date.parse(new X509Certificate(block).validTo) < now) return true
    } catch {
      // Not a certificate the cleaner can read: nothing to decide on.
    }
  }
  return false
}

/** Whether the cleaner removes `csr` at cluster time `now` (ms). */
export function shouldClean(csr: CertificateSigningRequest, now: number): boolean {
  const issued = Boolean(csr.status?.certificate)
  if (issued && conditionPastDeadline(csr, 'Approved', approvedExpiration, now)) return true
  if (conditionPastDeadline(csr, 'Denied', deniedExpiration, now)) return true
  if (conditionPastDeadline(csr, 'Failed', failedExpiration, now)) return true
  if (!(csr.status?.conditions ?? []).length && olderThan(csr.metadata?.creationTimestamp, pendingExpiration, now)) return true
  return issued && certificateExpired(csr, now)
}

export const csrCleanerComponent: ComponentFactory = (ctx): Component => {
  const csrs = ctx.informers.informerFor<CertificateSigningRequest>(csrGVR)
  const client = ctx.client.resource<CertificateSigningRequest>(csrGVR)
  let timer: Timer | undefined
  let running: Promise<void> = Promise.resolve()

  const sweep = async (): Promise<void> => {
    const now = ctx.clock.now()
    for (const csr of csrs.list()) {
      if (!shouldClean(csr, now)) continue
      try {
        await client.delete(undefined, csr.metadata?.name ?? '')
      } catch (e) {
        if (!isNotFound(e)) ctx.logger.error(`${componentName}: unable to delete CSR "${csr.metadata?.name}": ${(e as Error).message}`)
      }
    }
  }

  return {
    name: componentName,
    async start() {
      // The first sweep once the cache is filled, then every hour (wait.Until runs at once, then per period).
      void csrs.waitForSync().then((synced) => {
        if (!synced) return
        running = sweep()
        timer = ctx.clock.setInterval(() => {
          running = running.then(sweep)
        }, pollingInterval)
      })
    },
    async stop() {
      timer?.cancel()
      await running
    }
  }
}
