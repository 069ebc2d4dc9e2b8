import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1'
import { badRequest } from '../apimachinery/errors'
import type { ContainerLogOptions, ContainerLogStream } from '../apiserver/node-proxy'
import type { MemoryContainerLogs } from '../world/container-logs'
import type { ContainerRef, LogLine } from '../world/types'
import { configMirrorAnnotation } from './kubelet/static-pod'

/**
 * The kubelet's /containerLogs: which instance's log a request may read
 * (validateContainerLogStatus, with its messages), and the log itself as
 * the kubelet writes it: one line each, `--timestamps` as an RFC 3339 time
 * with nine fractional digits, cut at limitBytes.
 */

/** The world's key of a pod: a mirror pod's is its static pod's hash. */
export function worldUID(pod: Pod): string {
  return pod.metadata?.annotations?.[configMirrorAnnotation] ?? pod.metadata?.uid ?? ''
}

export function containerRef(pod: Pod, container: string): ContainerRef {
  return { namespace: pod.metadata?.namespace ?? '', pod: pod.metadata?.name ?? '', uid: worldUID(pod), container }
}

/** The container's status, from app, init and ephemeral containers. */
export function containerStatus(pod: Pod, container: string): ContainerStatus | undefined {
  const s = pod.status
  return [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])].find((c) => c.name === container)
}

/** Throws the kubelet's error when the request has no log to read (kubelet_pods.go validateContainerLogStatus). */
function validateLogStatus(pod: Pod, container: string, previous: boolean): void {
  const podName = pod.metadata?.name ?? ''
  const where = `container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)}`
  const status = containerStatus(pod, container)
  if (!status) throw badRequest(`${where} is not available`)
  const last = status.lastState?.terminated
  const { waiting, running, terminated } = status.state ?? {}
  if (previous) {
    if (!last?.containerID) throw badRequest(`previous terminated ${where} not found`)
    return
  }
  if (running) return
  if (terminated) {
    if (!terminated.containerID && !last?.containerID) throw badRequest(`${where} is terminated`)
    return
  }
  if (last) {
    if (!last.containerID) throw badRequest(`${where} is terminated`)
    return
  }
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') throw badRequest(`${where} is waiting to start: image can't be pulled`)
    if (waiting.reason === 'ImagePullBackOff') throw badRequest(`${where} is waiting to start: trying and failing to pull image`)
    throw badRequest(`${where} is waiting to start: ${waiting.reason ?? ''}`)
  }
  throw badRequest(`${where} is waiting to start - no logs yet`)
}

/** RFC 3339 with nine fractional digits, as the kubelet prefixes lines (RFC3339NanoFixed). */
export function logTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')
}

function formatLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${logTimestamp(line.time)} ${line.text}\n` : `${line.text}\n`
}

/** Cuts text to what is left of a byte budget. */
class ByteBudget {
  constructor(private left: number | undefined) {}

  get spent(): boolean {
    return this.left !== undefined && this.left <= 0
  }

  take(text: string): string {
    if (this.left === undefined) return text
    const bytes = Buffer.from(text)
    const taken = bytes.subarray(0, Math.max(0, this.left))
    this.left -= taken.length
    return taken.length === bytes.length ? text : taken.toString()
  }
}

/** A container's log as the kubelet serves it (the API pod's status says which instance may be read). */
export function readContainerLog(logs: MemoryContainerLogs, pod: Pod, container: string, options: ContainerLogOptions): ContainerLogStream {
  validateLogStatus(pod, container, options.previous === true)
  const ref = containerRef(pod, container)
  const lines = logs.read(ref, { previous: options.previous, tailLines: options.tailLines, sinceTime: options.sinceTime }) ?? []
  const timestamps = options.timestamps === true
  const budget = new ByteBudget(options.limitBytes)
  const text = budget.take(lines.map((l) => formatLine(l, timestamps)).join(''))
  const stream: ContainerLogStream = { text }
  if (!options.follow || options.previous || budget.spent || !logs.isOpen(ref)) return stream
  stream.follow = (write, end) => {
    let stop = (): void => {}
    const finish = (): void => {
      stop()
      end()
    }
    stop = logs.follow(
      ref,
      (line) => {
        write(budget.take(formatLine(line, timestamps)))
        if (budget.spent) finish()
      },
      finish
    )
    return stop
  }
  return stream
}
