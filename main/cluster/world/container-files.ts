import type { Pod } from 'kubernetes-types/core/v1'
import type { ContainerFiles } from './types'
import { WritableStorage, layerKeys } from './writable-storage'

/**
 * Where the files a container's processes read come from: the node side
 * (node/volumes) provides them from the pod's volumes, as a kubelet mounts
 * them; programs (cat, ls, test) read them through their ExecContext, and
 * what they write is kept in `storage`.
 */
export class ContainerFileSystems {
  private source?: (pod: Pod, container: string) => ContainerFiles
  /** What processes wrote: containers' layers, emptyDirs, volumes' storage. */
  readonly storage = new WritableStorage()

  /** Sets the provider; returns the function that removes it. */
  provide(source: (pod: Pod, container: string) => ContainerFiles): () => void {
    this.source = source
    return () => {
      if (this.source === source) this.source = undefined
    }
  }

  /** A container was created (first start or restart): it starts with an empty writable layer. */
  containerCreated(podUID: string, container: string): void {
    this.storage.drop(layerKeys.container(podUID, container))
  }

  /** A pod left its node: its containers' layers and its emptyDirs go (volumes' storage stays). */
  podRemoved(podUID: string): void {
    this.storage.drop(layerKeys.containersOf(podUID))
    this.storage.drop(layerKeys.emptyDirsOf(podUID))
  }

  /** The container's file system, or undefined when nothing provides one (the image's root alone). */
  of(pod: Pod, container: string): ContainerFiles | undefined {
    return this.source?.(pod, container)
  }
}
