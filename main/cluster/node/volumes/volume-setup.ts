import type { ConfigMap, KeyToPath, Pod, Secret, Volume, VolumeProjection } from 'kubernetes-types/core/v1'
import type { EnvSources } from '../programs/container-env'
import { fieldRefValue, resourceFieldRefValue } from '../programs/downward-env'

/**
 * What the kubelet's volume plugins put in a pod's volumes when they set
 * them up (MountVolume.SetUp): ConfigMap and Secret keys as files, the
 * downward API's fields, projections of all three, and empty directories
 * (emptyDir; hostPath and PersistentVolumeClaims hold no simulated files).
 * A ConfigMap or Secret that is missing and not optional fails the set-up
 * with the plugin's message, and the pod waits, as `kubectl describe` shows
 * with FailedMount events. Files are read at the time they are asked for, so
 * a ConfigMap's change shows in its volume (the kubelet refreshes them
 * within its sync period).
 */

/** A volume's files (path inside the volume -> content), or why it cannot be set up. */
export type VolumeContents = { files: Map<string, string>; error?: undefined } | { files?: undefined; error: string }

export function volumeContents(pod: Pod, volume: Volume, sources: EnvSources): VolumeContents {
  const namespace = pod.metadata?.namespace ?? ''
  try {
    if (volume.configMap) {
      const { name = '', items, optional } = volume.configMap
      return { files: configMapFiles(sources.configMap(namespace, name), name, items, optional) }
    }
    if (volume.secret) {
      const { secretName = '', items, optional } = volume.secret
      return { files: secretFiles(sources.secret(namespace, secretName), secretName, items, optional) }
    }
    if (volume.downwardAPI) return { files: downwardFiles(pod, volume.downwardAPI.items ?? [], sources) }
    if (volume.projected) {
      const files = new Map<string, string>()
      for (const source of volume.projected.sources ?? []) for (const [path, content] of projectionFiles(pod, source, sources)) files.set(path, content)
      return { files }
    }
    return { files: new Map() }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

/**
 * The first volume the kubelet cannot set up, as the FailedMount event says
 * it; undefined when all can be. Only ConfigMaps and Secrets can be missing:
 * this checks them without building any file (it runs on every pod start).
 */
export function mountFailure(pod: Pod, sources: EnvSources): string | undefined {
  const namespace = pod.metadata?.namespace ?? ''
  for (const volume of pod.spec?.volumes ?? []) {
    const projections: VolumeProjection[] = volume.projected?.sources ?? []
    const error =
      (volume.configMap && keysError(sources.configMap(namespace, volume.configMap.name ?? ''), 'configmap', volume.configMap.name, volume.configMap)) ||
      (volume.secret && keysError(sources.secret(namespace, volume.secret.secretName ?? ''), 'secret', volume.secret.secretName, volume.secret)) ||
      projections.map((p) =>
        p.configMap ? keysError(sources.configMap(namespace, p.configMap.name ?? ''), 'configmap', p.configMap.name, p.configMap)
        : p.secret ? keysError(sources.secret(namespace, p.secret.name ?? ''), 'secret', p.secret.name, p.secret)
        : undefined
      ).find((e) => e !== undefined)
    if (error) return `MountVolume.SetUp failed for volume "${volume.name}" : ${error}`
  }
  return undefined
}

/** Why a ConfigMap or Secret source cannot be projected: missing, or a key its items name missing. */
function keysError(object: ConfigMap | Secret | undefined, kind: 'configmap' | 'secret', name: string | undefined, source: { items?: KeyToPath[]; optional?: boolean }): string | undefined {
  if (!object) return source.optional ? undefined : `${kind} "${name ?? ''}" not found`
  if (source.optional || !source.items?.length) return undefined
  const data = object as { data?: Record<string, string>; binaryData?: Record<string, string> }
  const missing = source.items.find((i) => data.data?.[i.key] === undefined && data.binaryData?.[i.key] === undefined)
  return missing && missingKeyMessage(kind, missing.key)
}

/** The plugins' error for an item naming a key the object does not have. */
function missingKeyMessage(kind: 'configmap' | 'secret', key: string): string {
  return kind === 'configmap' ? `configmap references non-existent config key: ${key}` : `references non-existent secret key: ${key}`
}

function projectionFiles(pod: Pod, source: VolumeProjection, sources: EnvSources): Map<string, string> {
  const namespace = pod.metadata?.namespace ?? ''
  if (source.configMap) {
    const { name = '', items, optional } = source.configMap
    return configMapFiles(sources.configMap(namespace, name), name, items, optional)
  }
  if (source.secret) {
    const { name = '', items, optional } = source.secret
    return secretFiles(sources.secret(namespace, name), name, items, optional)
  }
  if (source.downwardAPI) return downwardFiles(pod, source.downwardAPI.items ?? [], sources)
  // serviceAccountToken: Kubelab issues no service account tokens (TokenRequest is not served).
  return new Map()
}

function configMapFiles(cm: ConfigMap | undefined, name: string, items: readonly KeyToPath[] | undefined, optional: boolean | undefined): Map<string, string> {
  if (!cm) {
    if (optional) return new Map()
    throw new Error(`configmap "${name}" not found`)
  }
  const data: Record<string, string> = { ...(cm.data ?? {}) }
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) data[k] = Buffer.from(v, 'base64').toString('latin1')
  return payload(data, items, optional, (key) => missingKeyMessage('configmap', key))
}

function secretFiles(secret: Secret | undefined, name: string, items: readonly KeyToPath[] | undefined, optional: boolean | undefined): Map<string, string> {
  if (!secret) {
    if (optional) return new Map()
    throw new Error(`secret "${name}" not found`)
  }
  const data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('latin1')]))
  return payload(data, items, optional, (key) => missingKeyMessage('secret', key))
}

/** Every key as a file of its name, or just the items asked for, at their paths. */
function payload(data: Record<string, string>, items: readonly KeyToPath[] | undefined, optional: boolean | undefined, missingKey: (key: string) => string): Map<string, string> {
  if (!items?.length) return new Map(Object.entries(data))
  const files = new Map<string, string>()
  for (const item of items) {
    if (data[item.key] !== undefined) files.set(item.path, data[item.key])
    else if (!optional) throw new Error(missingKey(item.key))
  }
  return files
}

function downwardFiles(pod: Pod, items: NonNullable<NonNullable<Volume['downwardAPI']>['items']>, sources: EnvSources): Map<string, string> {
  const files = new Map<string, string>()
  for (const item of items) {
    if (item.fieldRef) files.set(item.path, fieldRefValue(pod, item.fieldRef, sources.addresses(pod)))
    else if (item.resourceFieldRef) {
      const container = pod.spec?.containers.find((c) => c.name === item.resourceFieldRef!.containerName) ?? pod.spec?.containers[0]
      if (container) files.set(item.path, resourceFieldRefValue(container, item.resourceFieldRef, sources.allocatable()))
    }
  }
  return files
}
