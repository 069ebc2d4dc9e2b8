import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { DeploymentSyncContext } from './context'
import { rolloutRecreate } from './recreate'
import { rolloutRolling } from './rolling'

/** Runs the Deployment's strategy; returns the delay before a progress-deadline check, if any. */
export function recreateOrRoll(dc: DeploymentSyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<number | undefined> {
  switch (d.spec?.strategy?.type) {
    case 'Recreate':
      return rolloutRecreate(dc, d, rsList)
    case 'RollingUpdate':
      return rolloutRolling(dc, d, rsList)
    default:
      return Promise.reject(new Error(`unexpected deployment strategy type: ${d.spec?.strategy?.type ?? ''}`))
  }
}
