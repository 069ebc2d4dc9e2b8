import type { StatefulSet } from 'kubernetes-types/apps/v1'
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1'

/**
 * A StatefulSet pod's stable identity (pkg/controller/statefulset/stateful_set_utils.go):
 * its name `<set>-<ordinal>`, its hostname and subdomain (so DNS answers
 * `web-0.nginx`), its identity labels, and its claims `<template>-<set>-<ordinal>`.
 */

/** The label with the pod's own name (a headless Service per pod can select it). */
export const podNameLabel = 'statefulset.kubernetes.io/pod-name'
/** The label with the pod's ordinal. */
export const podIndexLabel = 'apps.kubernetes.io/pod-index'
/** The label with the name of the ControllerRevision the pod was made from. */
export const revisionLabel = 'controller-revision-hash'

/** The ordinal of a pod of set, or undefined when its name is not `<set>-<n>` (getParentNameAndOrdinal). */
export function ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
  const name = pod.metadata?.name ?? ''
  const prefix = `${set.metadata?.name}-`
  if (!name.startsWith(prefix)) return undefined
  const rest = name.slice(prefix.length)
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined
}

/** The first ordinal (spec.ordinals.start, default 0). */
export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0
}

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata?.name}-${ordinal}`
}

/** getPersistentVolumeClaimName. */
export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata?.name}-${ordinal}`
}

/** The claims a pod of set needs, as they would be created (getPersistentVolumeClaims): the template plus the selector's labels. */
export function claimsFor(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const labels = { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) }
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(set, t, ordinal),
        namespace: set.metadata?.namespace,
        labels,
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {})
      },
      spec: structuredClone(t.spec ?? {})
    }
  })
}

/** newStatefulSetPod + updateStorage + updateIdentity: the pod of ordinal from set's template at revision. */
export function newPod(set: StatefulSet, ordinal: number, revision: string): Pod {
  const template = set.spec?.template ?? {}
  const name = podName(set, ordinal)
  const spec = structuredClone(template.spec ?? { containers: [] })
  // Each claim template becomes a volume of the same name, replacing a template volume so named.
  const claims = set.spec?.volumeClaimTemplates ?? []
  const claimVolumes: Volume[] = claims.map((t) => ({ name: t.metadata?.name ?? '', persistentVolumeClaim: { claimName: claimName(set, t, ordinal) } }))
  const claimed = new Set(claimVolumes.map((v) => v.name))
  const volumes = [...claimVolumes, ...(spec.volumes ?? []).filter((v) => !claimed.has(v.name))]
  if (volumes.length > 0) spec.volumes = volumes
  spec.hostname = name
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata?.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [podNameLabel]: name, [podIndexLabel]: String(ordinal), [revisionLabel]: revision },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata?.name ?? '', uid: set.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }]
    },
    spec
  }
}
