import type { ContainerLogs, ContainerRef, LogLine, LogReadOptions } from './types'

/** Lines kept per container log, as the kubelet's log rotation keeps files of bounded size. */
const maxLines = 5_000

interface Follower {
  onLine: (line: LogLine) => void
  onEnd?: () => void
}

/**
 * The console of a container started with `stdin: true` (`kubectl run -it`):
 * where attach sends input for the main process, and its output as written,
 * chunk by chunk (a shell's prompt ends no line, so it never reaches the log).
 */
export interface ContainerConsole {
  tty: boolean
  input(text: string): void
  /** The attached client left and the container has stdinOnce: the process reads end of input. */
  endInput(): void
  onOutput(fn: (text: string, stream: 'stdout' | 'stderr') => void): () => void
  /** Calls fn when the main process has exited. */
  onEnd(fn: () => void): () => void
}

interface Logs {
  container: string
  console?: ContainerConsole
  current: LogLine[]
  /** Lines written but not yet made (see writeLines), with when they were written. */
  pending?: { time: number; make: () => { text: string; stream: 'stdout' | 'stderr' }[] }
  previous?: LogLine[]
  /** The current instance is running (a log follower waits for more). */
  running: boolean
  /** Made on the first follow (few logs ever are followed). */
  followers?: Set<Follower>
}

/**
 * Container logs in memory: one current and one previous log per container,
 * each bounded (the oldest lines go first), as the kubelet keeps
 * `/var/log/pods/<ns>_<pod>_<uid>/<container>/{0,1}.log`.
 */
export class MemoryContainerLogs implements ContainerLogs {
  /** By pod uid: a pod's few containers' logs (an array, smaller than a map for thousands of pods). */
  private readonly byPod = new Map<string, Logs[]>()

  constructor(private readonly now: () => number) {}

  write(ref: ContainerRef, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const logs = this.logs(ref, true)!
    this.materialize(logs)
    this.append(logs, { time: this.now(), stream, text })
  }

  /**
   * Lines written now, made only when the log is read or followed: most
   * containers' start-up banners are never read, and a large cluster has
   * thousands of them.
   */
  writeLines(ref: ContainerRef, make: () => { text: string; stream: 'stdout' | 'stderr' }[]): void {
    const logs = this.logs(ref, true)!
    this.materialize(logs)
    logs.pending = { time: this.now(), make }
    if (logs.followers?.size) this.materialize(logs)
  }

  rotate(ref: ContainerRef): void {
    const logs = this.logs(ref, true)!
    this.materialize(logs)
    logs.previous = logs.current
    logs.current = []
  }

  /** A new instance of the container started: its log is open (followers wait for more). */
  opened(ref: ContainerRef): void {
    this.logs(ref, true)!.running = true
  }

  /** The running instance has a console (its spec has `stdin: true`). */
  openConsole(ref: ContainerRef, console: ContainerConsole): void {
    this.logs(ref, true)!.console = console
  }

  /** The console of the running instance, if it has one. */
  consoleOf(ref: ContainerRef): ContainerConsole | undefined {
    return this.logs(ref, false)?.console
  }

  /** The container's instance stopped: its log is complete, so followers reach its end. */
  closed(ref: ContainerRef): void {
    const logs = this.logs(ref, false)
    if (!logs) return
    logs.running = false
    logs.console = undefined
    for (const follower of [...(logs.followers ?? [])]) follower.onEnd?.()
  }

  /** Whether the container's current instance runs (its log may still grow). */
  isOpen(ref: ContainerRef): boolean {
    return this.logs(ref, false)?.running ?? false
  }

  read(ref: ContainerRef, options: LogReadOptions = {}): LogLine[] | undefined {
    const logs = this.logs(ref, false)
    if (logs) this.materialize(logs)
    const lines = options.previous ? logs?.previous : logs?.current
    if (!lines) return undefined
    let selected = options.sinceTime === undefined ? lines : lines.filter((l) => l.time >= options.sinceTime!)
    if (options.tailLines !== undefined) selected = options.tailLines <= 0 ? [] : selected.slice(-options.tailLines)
    return selected.slice()
  }

  /** Calls `onLine` for each line written from now on, and `onEnd` when the instance stops, until the returned function is called. */
  follow(ref: ContainerRef, onLine: (line: LogLine) => void, onEnd?: () => void): () => void {
    const logs = this.logs(ref, true)!
    this.materialize(logs)
    const follower: Follower = { onLine, onEnd }
    const followers = (logs.followers ??= new Set())
    followers.add(follower)
    return () => followers.delete(follower)
  }

  forget(uid: string): void {
    const pod = this.byPod.get(uid)
    this.byPod.delete(uid)
    for (const logs of pod ?? []) for (const follower of [...(logs.followers ?? [])]) follower.onEnd?.()
  }

  private append(logs: Logs, line: LogLine): void {
    logs.current.push(line)
    if (logs.current.length > maxLines) logs.current.splice(0, logs.current.length - maxLines)
    for (const follower of [...(logs.followers ?? [])]) follower.onLine(line)
  }

  private materialize(logs: Logs): void {
    const pending = logs.pending
    if (!pending) return
    logs.pending = undefined
    for (const { text, stream } of pending.make()) this.append(logs, { time: pending.time, stream, text })
  }

  private logs(ref: ContainerRef, create: boolean): Logs | undefined {
    const pod = this.byPod.get(ref.uid)
    let logs = pod?.find((l) => l.container === ref.container)
    if (logs || !create) return logs
    logs = { container: ref.container, current: [], running: false }
    if (pod) pod.push(logs)
    else this.byPod.set(ref.uid, [logs])
    return logs
  }
}
