import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { ResourceClient } from '../../client/types'

/**
 * The writes that bind a claim and a volume to each other, in the order the
 * PV controller makes them (bind.go: bindVolumeToClaim, then the volume's
 * phase, then bindClaimToVolume, then the claim's status), each skipped when
 * already done so a repeated sync is cheap and a half-done binding finishes.
 */

/** Set on a claim once the controller has finished binding it. */
export const annBindCompleted = 'pv.kubernetes.io/bind-completed'
/** Set on whichever side the controller (not the user) filled in. */
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller'

export interface BindingClients {
  volumes: ResourceClient<PersistentVolume>
  claims: ResourceClient<PersistentVolumeClaim>
}

/** Whether the volume's claimRef names this very claim (name, namespace and uid). */
export function volumeBoundToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef
  return !!ref && ref.name === claim.metadata?.name && ref.namespace === claim.metadata?.namespace && ref.uid === claim.metadata?.uid
}

/** Points the volume at the claim and marks it Bound; returns the volume as stored. */
export async function bindVolume(api: BindingClients, pv: PersistentVolume, claim: PersistentVolumeClaim): Promise<PersistentVolume> {
  let current = pv
  if (!volumeBoundToClaim(pv, claim)) {
    const next = structuredClone(pv)
    next.spec!.claimRef = {
      kind: 'PersistentVolumeClaim',
      namespace: claim.metadata?.namespace,
      name: claim.metadata?.name,
      uid: claim.metadata?.uid,
      apiVersion: 'v1',
      resourceVersion: claim.metadata?.resourceVersion
    }
    next.metadata!.annotations = { ...next.metadata!.annotations, [annBoundByController]: 'yes' }
    current = await api.volumes.update(next)
  }
  if (current.status?.phase !== 'Bound') {
    current = await api.volumes.updateStatus({ ...structuredClone(current), status: { ...current.status, phase: 'Bound', message: undefined, reason: undefined } })
  }
  return current
}

/** Points the claim at the volume, marks the binding complete and copies the volume's capacity and modes into its status. */
export async function bindClaim(api: BindingClients, claim: PersistentVolumeClaim, pv: PersistentVolume): Promise<PersistentVolumeClaim> {
  let current = claim
  const name = pv.metadata?.name ?? ''
  const annotations = claim.metadata?.annotations ?? {}
  if (claim.spec?.volumeName !== name || annotations[annBindCompleted] !== 'yes') {
    const next = structuredClone(claim)
    const meta = next.metadata!
    meta.annotations = { ...meta.annotations, [annBindCompleted]: 'yes' }
    if (next.spec!.volumeName !== name) {
      next.spec!.volumeName = name
      meta.annotations[annBoundByController] = 'yes'
    }
    current = await api.claims.update(next)
  }
  const status = current.status ?? {}
  const capacity = pv.spec?.capacity ?? {}
  const modes = pv.spec?.accessModes ?? []
  if (status.phase !== 'Bound' || JSON.stringify(status.capacity ?? {}) !== JSON.stringify(capacity) || JSON.stringify(status.accessModes ?? []) !== JSON.stringify(modes)) {
    current = await api.claims.updateStatus({ ...structuredClone(current), status: { ...status, phase: 'Bound', capacity, accessModes: modes } })
  }
  return current
}

/** Sets a volume's phase (and message), if it differs. */
export async function setVolumePhase(api: BindingClients, pv: PersistentVolume, phase: string, message?: string): Promise<PersistentVolume> {
  if (pv.status?.phase === phase && pv.status?.message === message) return pv
  return api.volumes.updateStatus({ ...structuredClone(pv), status: { ...pv.status, phase, message } })
}

/** Sets a claim's phase, if it differs. */
export async function setClaimPhase(api: BindingClients, claim: PersistentVolumeClaim, phase: string): Promise<PersistentVolumeClaim> {
  if (claim.status?.phase === phase) return claim
  return api.claims.updateStatus({ ...structuredClone(claim), status: { ...claim.status, phase } })
}
