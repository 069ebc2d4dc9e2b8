import type { ContainerLogs, ContainerRef, LogLine, LogReadOptions } from './types'

/** Lines kept per container log, as the kubelet's log rotation keeps files of bounded size. */
const maxLines = 5_000

interface Follower {
  onLine: (line: LogLine) => void
  onEnd?: () => void
}

interface Logs {
  current: LogLine[]
  previous?: LogLine[]
  /** The current instance is running (a log follower waits for more). */
  running: boolean
  followers: Set<Follower>
}

/**
 * Container logs in memory: one current and one previous log per container,
 * each bounded (the oldest lines go first), as the kubelet keeps
 * `/var/log/pods/<ns>_<pod>_<uid>/<container>/{0,1}.log`.
 */
export class MemoryContainerLogs implements ContainerLogs {
  private readonly byPod = new Map<string, Map<string, Logs>>()

  constructor(private readonly now: () => number) {}

  write(ref: ContainerRef, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const logs = this.logs(ref, true)!
    const line: LogLine = { time: this.now(), stream, text }
    logs.current.push(line)
    if (logs.current.length > maxLines) logs.current.splice(0, logs.current.length - maxLines)
    for (const follower of [...logs.followers]) follower.onLine(line)
  }

  rotate(ref: ContainerRef): void {
    const logs = this.logs(ref, true)!
    logs.previous = logs.current
    logs.current = []
  }

  /** A new instance of the container started: its log is open (followers wait for more). */
  opened(ref: ContainerRef): void {
    this.logs(ref, true)!.running = true
  }

  /** The container's instance stopped: its log is complete, so followers reach its end. */
  closed(ref: ContainerRef): void {
    const logs = this.logs(ref, false)
    if (!logs) return
    logs.running = false
    for (const follower of [...logs.followers]) follower.onEnd?.()
  }

  /** Whether the container's current instance runs (its log may still grow). */
  isOpen(ref: ContainerRef): boolean {
    return this.logs(ref, false)?.running ?? false
  }

  read(ref: ContainerRef, options: LogReadOptions = {}): LogLine[] | undefined {
    const logs = this.logs(ref, false)
    const lines = options.previous ? logs?.previous : logs?.current
    if (!lines) return undefined
    let selected = options.sinceTime === undefined ? lines : lines.filter((l) => l.time >= options.sinceTime!)
    if (options.tailLines !== undefined) selected = options.tailLines <= 0 ? [] : selected.slice(-options.tailLines)
    return selected.slice()
  }

  /** Calls `onLine` for each line written from now on, and `onEnd` when the instance stops, until the returned function is called. */
  follow(ref: ContainerRef, onLine: (line: LogLine) => void, onEnd?: () => void): () => void {
    const logs = this.logs(ref, true)!
    const follower: Follower = { onLine, onEnd }
    logs.followers.add(follower)
    return () => logs.followers.delete(follower)
  }

  forget(uid: string): void {
    const pod = this.byPod.get(uid)
    this.byPod.delete(uid)
    for (const logs of pod?.values() ?? []) for (const follower of [...logs.followers]) follower.onEnd?.()
  }

  private logs(ref: ContainerRef, create: boolean): Logs | undefined {
    let pod = this.byPod.get(ref.uid)
    if (!pod) {
      if (!create) return undefined
      pod = new Map()
      this.byPod.set(ref.uid, pod)
    }
    let logs = pod.get(ref.container)
    if (!logs && create) {
      logs = { current: [], running: false, followers: new Set() }
      pod.set(ref.container, logs)
    }
    return logs
  }
}
