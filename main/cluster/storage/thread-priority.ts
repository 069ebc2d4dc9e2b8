import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

/**
 * The persistence worker runs below the event loop it serves. Both threads
 * are busy while writers write: the main thread applies writes, fans out
 * watch events and collects its garbage; the worker serializes, appends and
 * cleans up. On a machine whose cores are all taken (2 cores here, shared),
 * the scheduler splits our share of the CPU evenly between the two, so every
 * slice the worker gets is a delay for the event loop. The worker's work only
 * sets how soon writes are acknowledged, so it yields: with a nice of 10 it
 * gets about a tenth of the CPU when the main thread wants it too, and all of
 * it otherwise (on an idle machine each thread has a core and nothing
 * changes). Measured at 40,000 creates by 64 writers on a loaded 2-core
 * machine: event-loop delay p90 15-18 ms -> 3-5 ms, p99 57-81 -> 23-43 ms,
 * at the same write rate.
 *
 * Linux keeps a nice value per thread, and setpriority() given a thread id
 * sets that thread's alone. Elsewhere there is no per-thread call (on Windows
 * os.setPriority would lower the whole process), so nothing is done there.
 * Lowering one's own priority needs no privilege; it cannot be raised back.
 */

/** The nice value of the persistence worker's thread. */
export const WORKER_NICE = 10

/** This thread's kernel id on Linux (/proc/thread-self -> <pid>/task/<tid>), else undefined. */
function linuxThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isSafeInteger(tid) && tid > 0 ? tid : undefined
  } catch {
    return undefined
  }
}

/** Lowers the calling thread's priority to `nice` (Linux only); false where that is not possible. */
export function lowerThreadPriority(nice: number): boolean {
  const tid = linuxThreadId()
  if (tid === undefined || tid === process.pid) return false // never the main thread: it runs the event loop
  try {
    setPriority(tid, nice)
    return true
  } catch {
    return false
  }
}
