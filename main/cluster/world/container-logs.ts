import type { ContainerLogs, ContainerRef, LogLine, LogReadOptions } from './types'

/** Lines kept per container log, as the kubelet's log rotation keeps files of bounded size. */
const maxLines = 5_000

interface Logs {
  current: LogLine[]
  previous?: LogLine[]
  followers: Set<(line: LogLine) => void>
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
    for (const follower of logs.followers) follower(line)
  }

  rotate(ref: ContainerRef): void {
    const logs = this.logs(ref, true)!
    logs.previous = logs.current
    logs.current = []
  }

  read(ref: ContainerRef, options: LogReadOptions = {}): LogLine[] | undefined {
    const logs = this.logs(ref, false)
    const lines = options.previous ? logs?.previous : logs?.current
    if (!lines) return undefined
    let selected = options.sinceTime === undefined ? lines : lines.filter((l) => l.time >= options.sinceTime!)
    if (options.tailLines !== undefined) selected = options.tailLines <= 0 ? [] : selected.slice(-options.tailLines)
    return selected.slice()
  }

  follow(ref: ContainerRef, onLine: (line: LogLine) => void): () => void {
    const logs = this.logs(ref, true)!
    logs.followers.add(onLine)
    return () => logs.followers.delete(onLine)
  }

  forget(uid: string): void {
    this.byPod.delete(uid)
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
      logs = { current: [], followers: new Set() }
      pod.set(ref.container, logs)
    }
    return logs
  }
}
