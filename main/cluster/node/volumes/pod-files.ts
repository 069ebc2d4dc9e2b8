import type { Pod } from 'kubernetes-types/core/v1'
import type { ContainerFiles } from '../../world/types'
import type { EnvSources } from '../programs/container-env'
import { containerFileSystem } from '../programs/file-system'
import { volumeContents } from './volume-setup'

/**
 * A container's file system with its pod's volumes mounted, read live: each
 * read sets the volumes up again from the objects as they are now, so a
 * ConfigMap's update shows in the files of its volume.
 */
export function podContainerFiles(pod: Pod, container: string, sources: EnvSources): ContainerFiles {
  const build = (): ContainerFiles =>
    containerFileSystem(pod, container, (name) => {
      const volume = pod.spec?.volumes?.find((v) => v.name === name)
      return volume ? volumeContents(pod, volume, sources).files : undefined
    })
  return { read: (path) => build().read(path), list: (path) => build().list(path) }
}
