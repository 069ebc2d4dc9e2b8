import type { Pod } from 'kubernetes-types/core/v1'
import type { ContainerFiles } from './types'

/**
 * Where the files a container's processes read come from: the node side
 * (node/volumes) provides them from the pod's volumes, as a kubelet mounts
 * them; programs (cat, ls, test) read them through their ExecContext.
 */
export class ContainerFileSystems {
  private source?: (pod: Pod, container: string) => ContainerFiles

  /** Sets the provider; returns the function that removes it. */
  provide(source: (pod: Pod, container: string) => ContainerFiles): () => void {
    this.source = source
    return () => {
      if (this.source === source) this.source = undefined
    }
  }

  /** The container's file system, or undefined when nothing provides one (the image's root alone). */
  of(pod: Pod, container: string): ContainerFiles | undefined {
    return this.source?.(pod, container)
  }
}
