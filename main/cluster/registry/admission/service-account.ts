import type { Pod, ProjectedVolumeSource, ServiceAccount, VolumeMount } from 'kubernetes-types/core/v1'
import { forbidden, notFound } from '../../apimachinery/errors'
import type { Clock } from '../../clock/types'
import type { Store } from '../../storage/types'
import { deepFreeze, vouchDeepFrozen } from '../../storage/freeze'
import { objectKey } from '../keys'
import { generateName } from '../metadata'
import type { CreateAdmission, ResourceDefinition } from '../types'

/**
 * The ServiceAccount admission plugin on pod creates
 * (plugin/pkg/admission/serviceaccount): a pod runs as a service account
 * (`default` unless it names one), which must exist (403 otherwise), and,
 * unless the pod or the account opts out with automountServiceAccountToken:
 * false, every container mounts the projected `kube-api-access-xxxxx` volume
 * (a bound token, the cluster CA from kube-root-ca.crt, the namespace)
 * read-only at /var/run/secrets/kubernetes.io/serviceaccount.
 *
 * Mirror pods are left as the kubelet wrote them (a changed spec would make
 * the kubelet recreate them), and may not reference service accounts,
 * secrets or token projections at all.
 */

export const mirrorPodAnnotation = 'kubernetes.io/config.mirror'
export const defaultServiceAccountName = 'default'
const tokenVolumePrefix = 'kube-api-access-'
export const tokenMountPath = '/var/run/secrets/kubernetes.io/serviceaccount'
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour and seven seconds. */
const tokenExpirationSeconds = 3607
/** How long a pod create waits for the `default` account of a namespace created a moment ago (the plugin retries 10 times, 100-200 ms apart). */
const defaultAccountWaitMs = 1500

const podsResource = { group: '', resource: 'pods' }

/** TokenVolumeSource: the projection every auto-mounted pod gets. */
export function tokenVolumeSource(): ProjectedVolumeSource {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { expirationSeconds: tokenExpirationSeconds, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }
    ]
  }
}

/**
 * The source every pod's token volume shares: deep-frozen and vouched for, so
 * storage keeps this one value in every stored pod (nothing edits a stored
 * volume in place; an update's pipeline works on its own copy). Per pod, the
 * eleven objects of the projection took ~0.8 KB of a held cluster's memory.
 */
const sharedTokenVolumeSource: ProjectedVolumeSource = deepFreeze(tokenVolumeSource())
vouchDeepFrozen(sharedTokenVolumeSource)

export class ServiceAccountAdmission implements CreateAdmission<Pod> {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly accounts: ResourceDefinition
  ) {}

  async admitCreate(pod: Pod, name: string): Promise<void> {
    const spec = pod.spec!
    const namespace = pod.metadata!.namespace!
    if (pod.metadata?.annotations?.[mirrorPodAnnotation] !== undefined) return validateMirrorPod(pod, name)
    if (!spec.serviceAccountName) spec.serviceAccountName = defaultServiceAccountName
    spec.serviceAccount = spec.serviceAccountName
    const account = await this.lookup(namespace, spec.serviceAccountName)
    if (!account) {
      const reason = `error looking up service account ${namespace}/${spec.serviceAccountName}: ${notFound({ group: '', resource: 'serviceaccount' }, spec.serviceAccountName).message}`
      throw forbidden(podsResource, name, reason)
    }
    if (shouldAutomount(account, pod)) mountServiceAccountToken(pod)
  }

  /** The account, from memory; a missing `default` is waited for a moment, as the controller makes it right after its namespace. */
  private async lookup(namespace: string, name: string): Promise<ServiceAccount | undefined> {
    const key = objectKey(this.accounts, namespace, name)
    const found = this.store.get(key) as ServiceAccount | undefined
    if (found || name !== defaultServiceAccountName) return found
    return new Promise((resolve) => {
      const done = (sa: ServiceAccount | undefined): void => {
        watch.stop()
        timer.cancel()
        resolve(sa)
      }
      const watch = this.store.watch(key, { fromRevision: this.store.revision }, (ev) => {
        if (ev.type === 'ADDED' && ev.key === key) done(ev.object as ServiceAccount)
      })
      const timer = this.clock.setTimeout(() => done(this.store.get(key) as ServiceAccount | undefined), defaultAccountWaitMs)
    })
  }
}

/** The pod's preference wins, then the account's; mounted by default. */
function shouldAutomount(account: ServiceAccount, pod: Pod): boolean {
  if (typeof pod.spec?.automountServiceAccountToken === 'boolean') return pod.spec.automountServiceAccountToken
  if (typeof account.automountServiceAccountToken === 'boolean') return account.automountServiceAccountToken
  return true
}

/** mountServiceAccountToken: every container without a mount at the token path mounts the (maybe new) token volume. */
function mountServiceAccountToken(pod: Pod): void {
  const spec = pod.spec!
  const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(tokenVolumePrefix))
  const volumeName = existing?.name ?? generateName(tokenVolumePrefix)
  const mount: VolumeMount = { name: volumeName, readOnly: true, mountPath: tokenMountPath }
  let needsVolume = false
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    if ((container.volumeMounts ?? []).some((m) => m.mountPath === tokenMountPath)) continue
    container.volumeMounts = [...(container.volumeMounts ?? []), { ...mount }]
    needsVolume = true
  }
  if (!existing && needsVolume) spec.volumes = [...(spec.volumes ?? []), { name: volumeName, projected: sharedTokenVolumeSource }]
}

/** A mirror pod may not run as a service account, reference secrets or project tokens. */
function validateMirrorPod(pod: Pod, name: string): void {
  const spec = pod.spec!
  if (spec.serviceAccountName) throw forbidden(podsResource, name, 'a mirror pod may not reference service accounts')
  if (referencesSecrets(pod)) throw forbidden(podsResource, name, 'a mirror pod may not reference secrets')
  for (const v of spec.volumes ?? []) {
    if ((v.projected?.sources ?? []).some((s) => s.serviceAccountToken)) throw forbidden(podsResource, name, 'a mirror pod may not use ServiceAccountToken volume projections')
  }
}

/** podutil.VisitPodSecretNames in short: secret volumes and projections, env and envFrom secret refs, image pull secrets. */
function referencesSecrets(pod: Pod): boolean {
  const spec = pod.spec!
  if (spec.imagePullSecrets?.length) return true
  for (const v of spec.volumes ?? []) {
    if (v.secret || (v.projected?.sources ?? []).some((s) => s.secret)) return true
  }
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    if ((c.envFrom ?? []).some((e) => e.secretRef)) return true
    if ((c.env ?? []).some((e) => e.valueFrom?.secretKeyRef)) return true
  }
  return false
}
