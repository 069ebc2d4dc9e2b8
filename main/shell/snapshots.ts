import { cpSync, existsSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'

/**
 * A snapshot is a stopped cluster's data dir, copied: config, store (NeDB
 * files), PKI and node manifests. Copies are made while the cluster is
 * stopped (flushed and compacted), so they are consistent; the lock file,
 * which names the process that had the cluster open, is never copied.
 */

const skipLock = (src: string): boolean => basename(src) !== 'lock'

/** Whether a folder holds a cluster (its config.json). */
export function isClusterDir(dir: string): boolean {
  return existsSync(join(dir, 'config.json'))
}

/** Copies the cluster in `dataDir` to a new folder inside `destination`, named after the time; returns its path. */
export function exportSnapshot(dataDir: string, destination: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const target = join(destination, `kubelab-snapshot-${stamp}`)
  cpSync(dataDir, target, { recursive: true, filter: skipLock, errorOnExist: true, force: false })
  return target
}

/** Replaces the cluster in `dataDir` by the snapshot in `source`. */
export function importSnapshot(source: string, dataDir: string): void {
  if (!isClusterDir(source)) throw new Error(`${source} is not a Kubelab cluster or snapshot (it has no config.json)`)
  resetDataDir(dataDir)
  cpSync(source, dataDir, { recursive: true, filter: skipLock })
}

/** Removes everything of a cluster: the next start there creates a new one. */
export function resetDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true })
}
