/**
 * CPU time of this process's main thread (the event loop), apart from its
 * worker threads (the storage's persistence worker): on Linux from
 * /proc/self/task/<pid>/stat, in 10 ms ticks; undefined elsewhere. On a
 * shared machine the event-loop delay also counts the waits for a core; this
 * does not, so it is the steadier figure to set beside it.
 */
import { openSync, readFileSync, readSync } from 'node:fs'

/** Main-thread user+system CPU so far, ms; undefined where /proc is unavailable. */
export function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at state; utime and stime are the 12th and 13th of them.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return undefined
  }
}

/**
 * A precise clock of this thread's CPU time (ns, from
 * /proc/self/task/<pid>/schedstat, read through one open descriptor: a few
 * microseconds a read); undefined where /proc is unavailable.
 */
export function mainThreadCpuClock(): (() => number) | undefined {
  try {
    const fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r')
    const buf = Buffer.alloc(128)
    return () => {
      const n = readSync(fd, buf, 0, buf.length, 0)
      return Number(buf.toString('latin1', 0, n).split(' ')[0])
    }
  } catch {
    return undefined
  }
}
