import type { ContainerEnvironment, ContainerProcesses, InboundRequest, InboundResult } from './types'

interface Listener {
  container: string
  port: number
  protocol: string
}

/** What a running container uses at one moment, given the requests it answers. */
export interface ResourceUse {
  /** CPU in nanocores (1e9 = one core). */
  cpuNanocores: number
  /** Working-set memory in bytes. */
  memoryBytes: number
}

/** How a running process turns load into resource use (node/behaviour implements it). */
export interface UsageModel {
  usage(now: number, requestsPerSecond: number): ResourceUse
}

/** Load is averaged over this much cluster time (metrics-server's window). */
export const loadWindowMs = 30_000
/** Load is counted in buckets of this much time. */
const bucketMs = 1_000

/** Requests a container answered, per second of cluster time. */
class LoadCounter {
  private readonly buckets = new Map<number, number>()

  add(now: number, count: number): void {
    const bucket = Math.floor(now / bucketMs)
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + count)
    this.prune(now)
  }

  /** Requests per second over the window that ends now. */
  rate(now: number): number {
    this.prune(now)
    let sum = 0
    for (const n of this.buckets.values()) sum += n
    return sum / (loadWindowMs / 1000)
  }

  private prune(now: number): void {
    const oldest = Math.floor((now - loadWindowMs) / bucketMs)
    for (const bucket of this.buckets.keys()) if (bucket <= oldest) this.buckets.delete(bucket)
  }
}

/** One container's running process. */
interface Process {
  container: string
  model?: UsageModel
  /** Made on the first request: most containers of a large cluster never get one. */
  load?: LoadCounter
}

/**
 * What one pod's containers run, listen on and were started with: one record
 * per pod, its lists short (a pod has a container or two), made and dropped
 * as they fill and empty.
 */
interface PodProcesses {
  /** Ports containers declared, in the order they started. */
  listeners?: Listener[]
  /** Ports a container's server opens besides those started() was told (its health and metrics endpoints, by the behaviour model). */
  serverPorts?: Listener[]
  /** Containers with a behaviour, in the order they first ran. */
  processes?: Process[]
  /** Each running container's environment. */
  environments?: { container: string; env: ContainerEnvironment }[]
}

const others = (list: Listener[] | undefined, container: string): Listener[] => (list ?? []).filter((l) => l.container !== container)
const listenersOf = (container: string, ports: { port: number; protocol: string }[]): Listener[] => ports.map((p) => ({ container, port: p.port, protocol: p.protocol }))
/**
 * The list with the container's entry put in: in its place when it has one,
 * else at the end. A new list is made to size (concat: an array grown by
 * push or spread keeps room for 16).
 */
function put<T extends { container: string }>(list: T[] | undefined, entry: T): T[] {
  if (!list) return [entry]
  const at = list.findIndex((e) => e.container === entry.container)
  if (at < 0) return list.concat(entry)
  list[at] = entry
  return list
}

/** The list, or undefined when empty (the record keeps no empty arrays). */
const unlessEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined)

/**
 * The processes running in pods: the ports they listen on, the requests they
 * answer and what that costs them. The kubelet registers a container's
 * listeners and its usage model when it starts and removes them when it
 * stops; the network model delivers requests here; metrics read the use.
 */
export class ProcessTable implements ContainerProcesses {
  private readonly pods = new Map<string, PodProcesses>()

  /** `now` is the cluster clock (load is counted per second of cluster time). */
  constructor(private readonly now: () => number = () => 0) {}

  /** A container started: it listens on these ports; its processes see this environment (what `kubectl exec` runs in). */
  started(uid: string, container: string, ports: { port: number; protocol: string }[], env?: ContainerEnvironment): void {
    const pod = this.podOf(uid)
    pod.listeners = unlessEmpty(others(pod.listeners, container).concat(listenersOf(container, ports)))
    if (env) pod.environments = put(pod.environments, { container, env })
    this.dropIfEmpty(uid, pod)
  }

  /** The environment the running container was created with. */
  environment(uid: string, container: string): ContainerEnvironment | undefined {
    return this.pods.get(uid)?.environments?.find((e) => e.container === container)?.env
  }

  /** Whether a behaviour runs for the container (it started here, or was given back after a kubelet restart). */
  runs(uid: string, container: string): boolean {
    return !!this.process(uid, container)
  }

  /** A container started running with this behaviour: its use is measured from now on. */
  run(uid: string, container: string, model: UsageModel): void {
    // A container running again keeps its place (as a Map's set would); its load starts over.
    const pod = this.podOf(uid)
    pod.processes = put(pod.processes, { container, model })
  }

  /** The container's server also listens on these ports (kube-apiserver's 6443, CoreDNS's 8080 and 8181 ...). */
  serves(uid: string, container: string, ports: { port: number; protocol: string }[]): void {
    const pod = this.podOf(uid)
    pod.serverPorts = unlessEmpty(others(pod.serverPorts, container).concat(listenersOf(container, ports)))
    this.dropIfEmpty(uid, pod)
  }

  /** A container stopped: its ports close and it uses nothing any more. */
  stopped(uid: string, container: string): void {
    const pod = this.pods.get(uid)
    if (!pod) return
    pod.serverPorts = unlessEmpty(others(pod.serverPorts, container))
    pod.listeners = unlessEmpty(others(pod.listeners, container))
    if (pod.environments) pod.environments = unlessEmpty(pod.environments.filter((e) => e.container !== container))
    if (pod.processes) pod.processes = unlessEmpty(pod.processes.filter((p) => p.container !== container))
    this.dropIfEmpty(uid, pod)
  }

  /** The pod is gone. */
  forget(uid: string): void {
    this.pods.delete(uid)
  }

  receive(pod: { namespace: string; name: string; uid: string }, request: InboundRequest): InboundResult {
    const listener = this.listeningPorts(pod).find((l) => l.port === request.port && l.protocol === request.protocol)
    if (!listener) return { listening: false }
    const process = this.process(pod.uid, listener.container)
    if (process) (process.load ??= new LoadCounter()).add(this.now(), Math.max(0, request.count ?? 1))
    return { listening: true, container: listener.container }
  }

  listeningPorts(pod: { namespace: string; name: string; uid: string }): { port: number; protocol: string; container: string }[] {
    const record = this.pods.get(pod.uid)
    const all = [...(record?.listeners ?? []), ...(record?.serverPorts ?? [])]
    const seen = new Set<string>()
    return all.filter((l) => !seen.has(`${l.protocol}/${l.port}`) && !!seen.add(`${l.protocol}/${l.port}`)).map((l) => ({ ...l }))
  }

  /** Requests per second a container answered over the last window. */
  requestRate(uid: string, container: string): number {
    return this.process(uid, container)?.load?.rate(this.now()) ?? 0
  }

  /** What one running container uses now; undefined when it does not run. */
  usage(uid: string, container: string): ResourceUse | undefined {
    const process = this.process(uid, container)
    const now = this.now()
    return process?.model?.usage(now, process.load?.rate(now) ?? 0)
  }

  /** What each running container of a pod uses now, in the order they started. */
  podUsage(uid: string): { container: string; use: ResourceUse }[] {
    const now = this.now()
    return (this.pods.get(uid)?.processes ?? []).flatMap((p) => (p.model ? [{ container: p.container, use: p.model.usage(now, p.load?.rate(now) ?? 0) }] : []))
  }

  private process(uid: string, container: string): Process | undefined {
    return this.pods.get(uid)?.processes?.find((p) => p.container === container)
  }

  private podOf(uid: string): PodProcesses {
    let pod = this.pods.get(uid)
    if (!pod) this.pods.set(uid, (pod = {}))
    return pod
  }

  private dropIfEmpty(uid: string, pod: PodProcesses): void {
    if (!pod.listeners && !pod.serverPorts && !pod.processes && !pod.environments) this.pods.delete(uid)
  }
}
