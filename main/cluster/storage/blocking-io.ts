import { appendFileSync, closeSync, fdatasyncSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * Blocking file I/O for the persistence worker. On the thread that serves
 * the cluster every file operation must be asynchronous; in the worker,
 * blocking is the cheaper choice: NeDB's asynchronous append is three round
 * trips through the thread pool (open, write, close), and an fsync three more,
 * each paying a thread wake-up, which on a busy machine costs more than the
 * I/O itself. Only the worker turns this on (persistence-worker.ts); the
 * append is just as complete when it returns, so acknowledgement and crash
 * semantics do not change.
 */

let blocking = false

/** Is blocking file I/O on (in this thread)? */
export function blockingIo(): boolean {
  return blocking
}

/** The parts of @seald-io/nedb's storage module (lib/storage.js) NeDB's appends go through. */
interface NedbStorage {
  appendFileAsync(file: string, data: string, options: { encoding: 'utf8'; mode?: number }): Promise<void>
}

/** Turns blocking file I/O on for this thread: NeDB's appends, and Shard.sync. */
export function useBlockingIo(): void {
  if (blocking) return
  const require = createRequire(import.meta.url)
  const storage = require(require.resolve('@seald-io/nedb/lib/storage.js', { paths: [require.resolve('nedb-promises')] })) as NedbStorage
  storage.appendFileAsync = async (file, data, options) => appendFileSync(file, data, options)
  blocking = true
}

/** fsync of file, blocking. */
export function datasyncBlocking(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    fdatasyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
