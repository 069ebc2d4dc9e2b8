import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1'
import type { BackOffEntry } from './backoff'

/**
 * What the simulated container runtime knows about one pod: its sandbox (the
 * pause container holding the network namespace and pod IP) and every
 * container instance. The lifecycle stages move these states; the pod's API
 * status is generated from them (pod-status.ts), as the kubelet generates it
 * from what the CRI runtime reports.
 */

/** Where a pod is in its life on the node. */
export type PodState =
  /** Seen, not yet admitted. */
  | 'new'
  /** Admitted: startTime and hostIP set, waiting for its sandbox. */
  | 'admitted'
  /** The node's pod network is not ready (no podCIDR yet). */
  | 'networkWait'
  /** A volume cannot be set up (its ConfigMap or Secret is missing); retried with back-off. */
  | 'mountWait'
  /** The sandbox could not be created (no free pod IP); retried later. */
  | 'sandboxFailed'
  /** The sandbox runs: containers may be pulled, created, started. */
  | 'running'
  /** Being deleted: containers were told to stop. */
  | 'stopping'
  /** Every container has exited and will not run again; the sandbox is gone. */
  | 'stopped'
  /** Deleted from the API by the kubelet. */
  | 'removed'

/** Where one container is. */
export type ContainerState =
  /** Needs its image (first start or restart). */
  | 'waiting'
  | 'pulled'
  | 'created'
  | 'running'
  /** Exited; restarts, backs off or stays, by restartPolicy. */
  | 'exited'
  /** CrashLoopBackOff: waiting for its back-off to pass. */
  | 'backoff'
  /** imagePullPolicy Never and the image is not on the node. */
  | 'imageNeverPull'
  /** CreateContainerConfigError: its environment names a ConfigMap, Secret or key that does not exist. */
  | 'configError'

/**
 * init: runs to completion before the app containers; sidecar: a restartable
 * init container that keeps running; ephemeral: added to a running pod
 * (`kubectl debug`), started once and never restarted.
 */
export type ContainerKind = 'init' | 'sidecar' | 'app' | 'ephemeral'

/** How one container instance ended. */
export interface Termination {
  /** The process's exit code. */
  exitCode: number
  /** `Completed` (0), `Error`, or `Unknown` (lost in a reboot). */
  reason: string
  /** The instance that exited. */
  containerID: string
  /** When the instance started, ms of cluster time. */
  startedAt: number
  /** When it exited. */
  finishedAt: number
}

/** One container of a pod, across its instances. */
export interface ContainerRuntime {
  /** The container's name in the spec. */
  name: string
  /** Init, sidecar or app container. */
  kind: ContainerKind
  /** Where it is in its lifecycle. */
  state: ContainerState
  /** When the container entered its state (ms): running-lane delays count from it. */
  since: number
  /** Instances started so far (restartCount is one less). */
  instances: number
  /** The image of the current or last instance. */
  image: string
  /** `containerd://<64 hex>` of the current or last instance. */
  containerID?: string
  /** When the current or last instance started (ms). */
  startedAt?: number
  /** Started (startup probe passed). */
  started: boolean
  /** Ready (readiness passed; an init container: completed). */
  ready: boolean
  /** The current instance's exit, while exited, backing off or restarting. */
  terminated?: Termination
  /** The exit before that: lastState. */
  lastTerminated?: Termination
  /** CrashLoopBackOff memory. */
  backOff?: BackOffEntry
  /** In configError: why (`configmap "app-config" not found`). */
  configError?: string
}

/** One pod on the node: its sandbox and containers. */
export interface PodRuntime {
  /** Where the pod is in its life on the node. */
  state: PodState
  /** When the pod entered its state (ms). */
  since: number
  /** When the kubelet admitted it (ms): status.startTime. */
  startTime?: number
  /** The sandbox's IP (kept after the sandbox is gone, as status keeps it). */
  podIP?: string
  /** The current sandbox (pause container). */
  sandboxID?: string
  /** Sandboxes created so far (a new one after a power cycle). */
  sandboxes: number
  /** Failed attempts to set up the pod's volumes (their back-off). */
  mountFailures: number
  /** Init containers, in spec order. */
  init: ContainerRuntime[]
  /** App containers, in spec order. */
  containers: ContainerRuntime[]
  /** Ephemeral containers, in the order they were added. */
  ephemeral: ContainerRuntime[]
}

/** Whether an init container is restartable (a sidecar). */
function kindOfInit(c: Container): ContainerKind {
  return (c as Container & { restartPolicy?: string }).restartPolicy === 'Always' ? 'sidecar' : 'init'
}

export function freshContainer(c: Container, kind: ContainerKind, now: number): ContainerRuntime {
  return { name: c.name, kind, state: 'waiting', since: now, instances: 0, image: c.image ?? '', started: false, ready: false }
}

/** The runtime of a pod the kubelet has just been given. */
export function newPodRuntime(pod: Pod, now: number): PodRuntime {
  return {
    state: 'new',
    since: now,
    sandboxes: 0,
    mountFailures: 0,
    init: (pod.spec?.initContainers ?? []).map((c) => freshContainer(c, kindOfInit(c), now)),
    containers: (pod.spec?.containers ?? []).map((c) => freshContainer(c, 'app', now)),
    ephemeral: (pod.spec?.ephemeralContainers ?? []).map((c) => freshContainer(c as Container, 'ephemeral', now))
  }
}

/** The container's place in the pod, as kubelet events name it in involvedObject.fieldPath (`spec.containers{nginx}`). */
export function containerFieldPath(c: ContainerRuntime): string {
  if (c.kind === 'ephemeral') return `spec.ephemeralContainers{${c.name}}`
  return c.kind === 'app' ? `spec.containers{${c.name}}` : `spec.initContainers{${c.name}}`
}

/** Every container, init first, in spec order, then the ephemeral ones. */
export function allContainers(rt: PodRuntime): ContainerRuntime[] {
  return [...rt.init, ...rt.containers, ...rt.ephemeral]
}

function ms(time: string | undefined): number | undefined {
  const t = time ? Date.parse(time) : NaN
  return Number.isFinite(t) ? t : undefined
}

function terminationFrom(t: NonNullable<NonNullable<ContainerStatus['state']>['terminated']> | undefined, now: number): Termination | undefined {
  if (!t) return undefined
  return {
    exitCode: t.exitCode,
    reason: t.reason ?? (t.exitCode === 0 ? 'Completed' : 'Error'),
    containerID: t.containerID ?? '',
    startedAt: ms(t.startedAt) ?? now,
    finishedAt: ms(t.finishedAt) ?? now
  }
}

/** A container as its last reported status says it is; anything not running or finished starts over. */
function adoptContainer(base: ContainerRuntime, status: ContainerStatus | undefined, now: number): ContainerRuntime {
  if (!status) return base
  const c: ContainerRuntime = { ...base, image: base.image, lastTerminated: terminationFrom(status.lastState?.terminated, now) }
  const running = status.state?.running
  const terminated = terminationFrom(status.state?.terminated, now)
  if (running) {
    const startedAt = ms(running.startedAt) ?? now
    return { ...c, state: 'running', since: startedAt, startedAt, instances: status.restartCount + 1, containerID: status.containerID, started: !!status.started, ready: status.ready }
  }
  if (terminated) return { ...c, state: 'exited', since: terminated.finishedAt, instances: status.restartCount + 1, containerID: status.containerID, terminated }
  if (c.lastTerminated) {
    // Backing off or restarting: the restart happens now (the back-off was the old kubelet's memory).
    return { ...c, state: 'exited', since: c.lastTerminated.finishedAt, instances: status.restartCount + 1, terminated: c.lastTerminated, lastTerminated: undefined }
  }
  return c
}

/**
 * Rebuilds a pod's runtime from its API status when the kubelet restarts
 * (the cluster was stopped and started again): containers keep running, as
 * they do when a real kubelet restarts, and the pod keeps its IP.
 */
export function adoptPodRuntime(pod: Pod, now: number): PodRuntime {
  const rt = newPodRuntime(pod, now)
  const status = pod.status ?? {}
  if (!status.startTime) return rt
  rt.startTime = ms(status.startTime)
  const byName = (list: ContainerStatus[] | undefined) => new Map((list ?? []).map((s) => [s.name, s]))
  const init = byName(status.initContainerStatuses)
  const app = byName(status.containerStatuses)
  rt.init = rt.init.map((c) => adoptContainer(c, init.get(c.name), now))
  rt.containers = rt.containers.map((c) => adoptContainer(c, app.get(c.name), now))
  const ephemeral = byName(status.ephemeralContainerStatuses)
  rt.ephemeral = rt.ephemeral.map((c) => adoptContainer(c, ephemeral.get(c.name), now))
  const sandboxUp = status.conditions?.some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True')
  if (sandboxUp && status.podIP) {
    rt.state = 'running'
    rt.podIP = status.podIP
    rt.sandboxes = 1
  } else {
    rt.state = 'admitted'
    // Containers cannot outlive a sandbox that never was.
    rt.init = rt.init.map((c) => (c.state === 'running' ? { ...c, state: 'waiting' } : c))
    rt.containers = rt.containers.map((c) => (c.state === 'running' ? { ...c, state: 'waiting' } : c))
    rt.ephemeral = rt.ephemeral.map((c) => (c.state === 'running' ? { ...c, state: 'waiting' } : c))
  }
  return rt
}
