import { mkdirSync, openSync, closeSync, readFileSync, unlinkSync, writeSync, fsyncSync, renameSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { homedir } from 'node:os'
import type { ClusterConfig } from './cluster-config'

/**
 * A cluster's data dir: `config.json` (the cluster's fixed config), `store/`
 * (the NeDB files), `lock` (the pid of the process that has it open) and, once
 * the API serves, `kubeconfig` and `pki/`.
 */

/** ~/.kubelab/<name>: where serve mode keeps a cluster unless told otherwise. */
export function defaultDataDir(name: string): string {
  return join(homedir(), '.kubelab', name)
}

/** The error a second process gets when the data dir is in use. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number
  ) {
    super(`data dir ${dataDir} is in use by another Kubelab process (pid ${pid}); stop it first or choose another --data-dir`)
    this.name = 'DataDirLockedError'
  }
}

/** Holds the data dir's lock file until release(). */
export interface DataDirLock {
  release(): void
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the data dir for this process. A lock left by a process that no longer
 * runs (a crash) is taken over; a live one is refused with DataDirLockedError.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'lock')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      let released = false
      return {
        release() {
          if (released) return
          released = true
          try {
            if (Number(readFileSync(file, 'utf8').trim()) === process.pid) unlinkSync(file)
          } catch {
            // Already gone: nothing to release.
          }
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number(readFileSync(file, 'utf8').trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) throw new DataDirLockedError(dataDir, pid)
      if (pid === process.pid) throw new DataDirLockedError(dataDir, pid)
      unlinkSync(file) // stale: its process is gone
    }
  }
  throw new Error(`could not lock data dir ${dataDir}`)
}

/** The config stored in a data dir, or undefined for a new one. */
export function readStoredConfig(dataDir: string): ClusterConfig | undefined {
  const file = join(dataDir, 'config.json')
  if (!existsSync(file)) return undefined
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterConfig
}

/** Writes config.json atomically (temp file, fsync, rename). */
export function writeStoredConfig(dataDir: string, config: ClusterConfig): void {
  const file = join(dataDir, 'config.json')
  const tmp = `${file}.tmp`
  const fd = openSync(tmp, 'w', 0o600)
  writeSync(fd, JSON.stringify(config, null, 2) + '\n')
  fsyncSync(fd)
  closeSync(fd)
  renameSync(tmp, file)
}
