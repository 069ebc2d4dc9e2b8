import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Each node's static pod directory: `<dataDir>/nodes/<node>/manifests/`, the
 * simulated /etc/kubernetes/manifests. A user may drop a manifest in and the
 * node's kubelet runs it. In-memory clusters keep the directories in a map.
 *
 * The kubelet's file source both watches the directory (inotify: a manifest
 * written is run at once) and lists it again every 20 s (fileCheckFrequency,
 * for whatever a watch missed); `watch` is the first of these.
 */
export interface ManifestStore {
  /** The manifests of a node, by file name (files starting with a dot are ignored, as the kubelet ignores them). */
  read(node: string): Map<string, string>
  /** Writes or replaces one manifest. */
  write(node: string, file: string, content: string): void
  /** Makes sure the node's directory exists. */
  ensure(node: string): void
  /** Whether the node's directory exists. */
  exists(node: string): boolean
  /** Calls `changed` after a manifest of the node is written, replaced or removed; the returned function stops it. */
  watch(node: string, changed: () => void): () => void
}

/** Whether a changed file's name is a manifest's: the kubelet ignores dot files (and ours are the writes in progress). */
function isManifestName(file: string | null): boolean {
  return file === null || !file.startsWith('.')
}

/** Manifests on disk under the cluster's data dir. */
export function fileManifestStore(dataDir: string): ManifestStore {
  const dir = (node: string) => join(dataDir, 'nodes', node, 'manifests')
  return {
    read(node) {
      const out = new Map<string, string>()
      if (!existsSync(dir(node))) return out
      for (const file of readdirSync(dir(node)).sort()) {
        if (file.startsWith('.')) continue
        try {
          out.set(file, readFileSync(join(dir(node), file), 'utf8'))
        } catch {
          // A directory or a file that vanished between listing and reading: not a manifest.
        }
      }
      return out
    },
    write(node, file, content) {
      mkdirSync(dir(node), { recursive: true })
      // Write then rename, so a rescan never reads half a manifest.
      const tmp = join(dir(node), `.${file}.tmp`)
      writeFileSync(tmp, content)
      renameSync(tmp, join(dir(node), file))
    },
    ensure(node) {
      mkdirSync(dir(node), { recursive: true })
    },
    exists(node) {
      return existsSync(dir(node))
    },
    watch(node, changed) {
      let watcher: ReturnType<typeof watch>
      try {
        watcher = watch(dir(node), { persistent: false }, (_event, file) => {
          if (isManifestName(file)) changed()
        })
      } catch {
        // No directory, or no inotify watch left: the periodic rescan still finds the manifests.
        return () => {}
      }
      // The directory removed under the watch (the node deleted): the same.
      watcher.on('error', () => watcher.close())
      return () => watcher.close()
    }
  }
}

/** Manifests in memory: for clusters without a data dir, and for tests that add manifests. */
export class MemoryManifestStore implements ManifestStore {
  private readonly nodes = new Map<string, Map<string, string>>()
  private readonly watchers = new Map<string, Set<() => void>>()

  read(node: string): Map<string, string> {
    return new Map([...(this.nodes.get(node) ?? new Map<string, string>())].filter(([file]) => !file.startsWith('.')).sort(([a], [b]) => a.localeCompare(b)))
  }

  write(node: string, file: string, content: string): void {
    this.ensure(node)
    this.nodes.get(node)!.set(file, content)
    this.changed(node, file)
  }

  /** Removes one manifest (the kubelet then stops its pod). */
  remove(node: string, file: string): void {
    if (this.nodes.get(node)?.delete(file)) this.changed(node, file)
  }

  watch(node: string, changed: () => void): () => void {
    const set = this.watchers.get(node) ?? new Set()
    this.watchers.set(node, set)
    set.add(changed)
    return () => set.delete(changed)
  }

  /** Tells the node's watchers, after the writer's turn, as a file system's notification comes. */
  private changed(node: string, file: string): void {
    if (!isManifestName(file)) return
    for (const changed of this.watchers.get(node) ?? []) setImmediate(changed)
  }

  ensure(node: string): void {
    if (!this.nodes.has(node)) this.nodes.set(node, new Map())
  }

  exists(node: string): boolean {
    return this.nodes.has(node)
  }
}
