import type { Pod, Volume } from 'kubernetes-types/core/v1'
import type { ContainerFiles } from '../../world/types'
import { layerKeys, type WritableLayer, type WritableStorage } from '../../world/writable-storage'
import type { EnvSources } from '../programs/container-env'
import { containerFileSystem, type MountedVolume } from '../programs/file-system'
import { volumeContents } from './volume-setup'
import { worldUID } from '../node-proxy-logs'

/**
 * A container's file system with its pod's volumes mounted, read live: each
 * read sets the volumes up again from the objects as they are now, so a
 * ConfigMap's update shows in the files of its volume. Writes go where a
 * node keeps them (world/writable-storage.ts): the container's own layer
 * (emptied when the container is created again), the pod's
 * emptyDirs, the storage of a claimed PersistentVolume or of a host path.
 */
export function podContainerFiles(pod: Pod, container: string, sources: EnvSources, storage: WritableStorage): Required<ContainerFiles> {
  const upperKey = layerKeys.container(worldUID(pod), container)
  // Reads look at layers something wrote; a write makes its layer (most containers never write one).
  const build = (writing: boolean): ContainerFiles => {
    const layer = (key: string): WritableLayer | undefined => (writing ? storage.layer(key) : storage.peek(key))
    const volume = (name: string): MountedVolume | undefined => {
      const v = pod.spec?.volumes?.find((x) => x.name === name)
      if (!v) return undefined
      const key = layerKey(pod, v, sources)
      return { files: volumeContents(pod, v, sources).files ?? new Map(), layer: key === undefined ? undefined : layer(key) }
    }
    return containerFileSystem(pod, container, volume, layer(upperKey))
  }
  return {
    read: (path) => build(false).read(path),
    list: (path) => build(false).list(path),
    write: (path, content, append) => build(true).write!(path, content, append),
    mkdir: (path, parents) => build(true).mkdir!(path, parents),
    remove: (path, recursive) => build(true).remove!(path, recursive)
  }
}

/** The layer that keeps writes to a volume: emptyDir, host path and claimed volumes have one; the API-backed volumes take none. */
function layerKey(pod: Pod, volume: Volume, sources: EnvSources): string | undefined {
  if (volume.emptyDir) return layerKeys.emptyDir(worldUID(pod), volume.name)
  if (volume.hostPath) return layerKeys.hostPath(pod.spec?.nodeName ?? '', volume.hostPath.path)
  // A generic ephemeral volume's claim is named <pod>-<volume>.
  const claim = volume.persistentVolumeClaim?.claimName ?? (volume.ephemeral ? `${pod.metadata?.name ?? ''}-${volume.name}` : undefined)
  if (claim === undefined) return undefined
  const uid = sources.claimedVolumeUID?.(pod.metadata?.namespace ?? '', claim)
  return uid ? layerKeys.persistentVolume(uid) : undefined
}
