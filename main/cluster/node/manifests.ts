import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Each node's static pod directory: `<dataDir>/nodes/<node>/manifests/`, the
 * simulated /etc/kubernetes/manifests. A user may drop a manifest in and the
 * node's kubelet runs it. In-memory clusters keep the directories in a map.
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
    }
  }
}

/** Manifests in memory: for clusters without a data dir, and for tests that add manifests. */
export class MemoryManifestStore implements ManifestStore {
  private readonly nodes = new Map<string, Map<string, string>>()

  read(node: string): Map<string, string> {
    return new Map([...(this.nodes.get(node) ?? new Map<string, string>())].filter(([file]) => !file.startsWith('.')).sort(([a], [b]) => a.localeCompare(b)))
  }

  write(node: string, file: string, content: string): void {
    this.ensure(node)
    this.nodes.get(node)!.set(file, content)
  }

  /** Removes one manifest (the kubelet then stops its pod). */
  remove(node: string, file: string): void {
    this.nodes.get(node)?.delete(file)
  }

  ensure(node: string): void {
    if (!this.nodes.has(node)) this.nodes.set(node, new Map())
  }

  exists(node: string): boolean {
    return this.nodes.has(node)
  }
}
