/**
 * What processes write inside containers, kept where a node keeps it:
 * - a container's own writable layer (the overlay's upper directory), gone
 *   when the container is replaced (a restart starts from the image again);
 * - an emptyDir, one per pod and volume, shared by the pod's containers and
 *   kept across their restarts until the pod is removed from the node;
 * - a PersistentVolume's or hostPath's storage, which outlives the pods that
 *   mount it (a Retain volume keeps its data after its claim is gone).
 * Contents live in memory: a reopened cluster's containers start afresh.
 */

/** One writable tree: files (path inside it -> content), directories made, and what was removed of what lies below. */
export interface WritableLayer {
  readonly files: Map<string, string>
  readonly dirs: Set<string>
  /** Paths removed: they hide what the image or volume had there. */
  readonly removed: Set<string>
}

export class WritableStorage {
  private readonly layers = new Map<string, WritableLayer>()

  /** The layer under `key`, made empty on first use. */
  layer(key: string): WritableLayer {
    let layer = this.layers.get(key)
    if (!layer) {
      layer = { files: new Map(), dirs: new Set(), removed: new Set() }
      this.layers.set(key, layer)
    }
    return layer
  }

  /** The layer under `key` if anything was ever written there. */
  peek(key: string): WritableLayer | undefined {
    return this.layers.get(key)
  }

  /** Drops the layer `key`, or with a key ending in `/` every layer under it (a pod's, when the pod is gone). */
  drop(key: string): void {
    if (!key.endsWith('/')) {
      this.layers.delete(key)
      return
    }
    for (const k of this.layers.keys()) if (k.startsWith(key)) this.layers.delete(k)
  }
}

/** The keys of the layers: by pod UID and container; by pod UID and volume; by PersistentVolume UID; by node and host path. */
export const layerKeys = {
  container: (podUID: string, container: string) => `container/${podUID}/${container}`,
  containersOf: (podUID: string) => `container/${podUID}/`,
  emptyDir: (podUID: string, volume: string) => `emptyDir/${podUID}/${volume}`,
  emptyDirsOf: (podUID: string) => `emptyDir/${podUID}/`,
  persistentVolume: (pvUID: string) => `pv/${pvUID}`,
  hostPath: (node: string, path: string) => `hostPath/${node}${path}`
}
