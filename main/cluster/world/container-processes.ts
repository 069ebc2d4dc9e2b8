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

interface Process {
  model?: UsageModel
  /** Made on the first request: most containers of a large cluster never get one. */
  load?: LoadCounter
}

/**
 * The processes running in pods: the ports they listen on, the requests they
 * answer and what that costs them. The kubelet registers a container's
 * listeners and its usage model when it starts and removes them when it
 * stops; the network model delivers requests here; metrics read the use.
 */
export class ProcessTable implements ContainerProcesses {
  private readonly listeners = new Map<string, Listener[]>()
  private readonly processes = new Map<string, Map<string, Process>>()
  /** Ports a container's server opens besides those started() was told (its health and metrics endpoints, by the behaviour model). */
  private readonly serverPorts = new Map<string, Listener[]>()
  /** Each running container's environment, by pod uid and container. */
  private readonly environments = new Map<string, Map<string, ContainerEnvironment>>()

  /** `now` is the cluster clock (load is counted per second of cluster time). */
  constructor(private readonly now: () => number = () => 0) {}

  /** A container started: it listens on these ports; its processes see this environment (what `kubectl exec` runs in). */
  started(uid: string, container: string, ports: { port: number; protocol: string }[], env?: ContainerEnvironment): void {
    const rest = (this.listeners.get(uid) ?? []).filter((l) => l.container !== container)
    this.listeners.set(uid, [...rest, ...ports.map((p) => ({ container, port: p.port, protocol: p.protocol }))])
    if (env) {
      const envs = this.environments.get(uid) ?? new Map<string, ContainerEnvironment>()
      envs.set(container, env)
      this.environments.set(uid, envs)
    }
  }

  /** The environment the running container was created with. */
  environment(uid: string, container: string): ContainerEnvironment | undefined {
    return this.environments.get(uid)?.get(container)
  }

  /** Whether a behaviour runs for the container (it started here, or was given back after a kubelet restart). */
  runs(uid: string, container: string): boolean {
    return !!this.processes.get(uid)?.has(container)
  }

  /** A container started running with this behaviour: its use is measured from now on. */
  run(uid: string, container: string, model: UsageModel): void {
    let pod = this.processes.get(uid)
    if (!pod) {
      pod = new Map()
      this.processes.set(uid, pod)
    }
    pod.set(container, { model })
  }

  /** The container's server also listens on these ports (kube-apiserver's 6443, CoreDNS's 8080 and 8181 ...). */
  serves(uid: string, container: string, ports: { port: number; protocol: string }[]): void {
    const rest = (this.serverPorts.get(uid) ?? []).filter((l) => l.container !== container)
    this.serverPorts.set(uid, [...rest, ...ports.map((p) => ({ container, port: p.port, protocol: p.protocol }))])
  }

  /** A container stopped: its ports close and it uses nothing any more. */
  stopped(uid: string, container: string): void {
    const served = (this.serverPorts.get(uid) ?? []).filter((l) => l.container !== container)
    if (served.length) this.serverPorts.set(uid, served)
    else this.serverPorts.delete(uid)
    const rest = (this.listeners.get(uid) ?? []).filter((l) => l.container !== container)
    if (rest.length) this.listeners.set(uid, rest)
    else this.listeners.delete(uid)
    const envs = this.environments.get(uid)
    envs?.delete(container)
    if (envs && !envs.size) this.environments.delete(uid)
    const pod = this.processes.get(uid)
    pod?.delete(container)
    if (pod && !pod.size) this.processes.delete(uid)
  }

  /** The pod is gone. */
  forget(uid: string): void {
    this.listeners.delete(uid)
    this.environments.delete(uid)
    this.serverPorts.delete(uid)
    this.processes.delete(uid)
  }

  receive(pod: { namespace: string; name: string; uid: string }, request: InboundRequest): InboundResult {
    const listener = this.listeningPorts(pod).find((l) => l.port === request.port && l.protocol === request.protocol)
    if (!listener) return { listening: false }
    const process = this.processes.get(pod.uid)?.get(listener.container)
    if (process) (process.load ??= new LoadCounter()).add(this.now(), Math.max(0, request.count ?? 1))
    return { listening: true, container: listener.container }
  }

  listeningPorts(pod: { namespace: string; name: string; uid: string }): { port: number; protocol: string; container: string }[] {
    const all = [...(this.listeners.get(pod.uid) ?? []), ...(this.serverPorts.get(pod.uid) ?? [])]
    const seen = new Set<string>()
    return all.filter((l) => !seen.has(`${l.protocol}/${l.port}`) && !!seen.add(`${l.protocol}/${l.port}`)).map((l) => ({ ...l }))
  }

  /** Requests per second a container answered over the last window. */
  requestRate(uid: string, container: string): number {
    return this.processes.get(uid)?.get(container)?.load?.rate(this.now()) ?? 0
  }

  /** What one running container uses now; undefined when it does not run. */
  usage(uid: string, container: string): ResourceUse | undefined {
    const process = this.processes.get(uid)?.get(container)
    const now = this.now()
    return process?.model?.usage(now, process.load?.rate(now) ?? 0)
  }

  /** What each running container of a pod uses now, in the order they started. */
  podUsage(uid: string): { container: string; use: ResourceUse }[] {
    const now = this.now()
    return [...(this.processes.get(uid) ?? [])].flatMap(([container, p]) => (p.model ? [{ container, use: p.model.usage(now, p.load?.rate(now) ?? 0) }] : []))
  }
}
