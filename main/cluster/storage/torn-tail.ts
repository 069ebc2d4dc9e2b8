import { open, rename, access } from 'node:fs/promises'

/**
 * Start-up repair of a NeDB data file, run before NeDB loads it.
 *
 * NeDB appends with appendFile and no fsync. A process killed in the middle of
 * an append can leave a partial last line. That line was never acknowledged
 * (we acknowledge only after appendFile completes, and every line NeDB writes
 * ends with '\n'), so cutting it off loses nothing. NeDB itself would count it
 * as corruption, and we load with corruptAlertThreshold 0 (any OTHER corrupt
 * line is a real problem and must stop start-up with a clear error), so the
 * torn tail has to go first.
 *
 * NeDB's compaction writes `<file>~`, fsyncs it, then renames it over `<file>`.
 * NeDB's own integrity step (ensureDatafileIntegrityAsync) uses `<file>~` only
 * when `<file>` is missing; we apply the same rule BEFORE looking at the tail,
 * so the tail we repair is the tail of the file NeDB will actually load. A
 * `<file>~` next to an existing `<file>` is a compaction that never reached its
 * rename: NeDB ignores it and overwrites it on the next compaction.
 */

const BLOCK = 64 * 1024
const NEWLINE = 0x0a

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/** Applies NeDB's `~` rule, then truncates a torn trailing line. Returns the bytes cut off. */
export async function prepareDatafile(file: string): Promise<number> {
  if (!(await exists(file)) && (await exists(file + '~'))) await rename(file + '~', file)
  return truncateTornTail(file)
}

/**
 * Cuts everything after the last '\n' of file (nothing if it ends with one or
 * is empty or missing). Returns the number of bytes removed.
 */
export async function truncateTornTail(file: string): Promise<number> {
  let handle
  try {
    handle = await open(file, 'r+')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  try {
    const { size } = await handle.stat()
    if (size === 0) return 0
    const buffer = Buffer.alloc(Math.min(BLOCK, size))
    await handle.read(buffer, 0, 1, size - 1)
    if (buffer[0] === NEWLINE) return 0
    // Walk back block by block to the last newline; a document line is a few KB.
    let keep = 0
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - buffer.length)
      const length = end - start
      await handle.read(buffer, 0, length, start)
      const at = buffer.subarray(0, length).lastIndexOf(NEWLINE)
      if (at >= 0) {
        keep = start + at + 1
        break
      }
      end = start
    }
    await handle.truncate(keep)
    await handle.sync()
    return size - keep
  } finally {
    await handle.close()
  }
}
