import type { Container, ContainerState as ApiContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1'
import { podQOSClass } from '../../registry/kinds/pod'
import { rfc3339 } from '../../clock/format'
import { imageID, qualifiedImage } from './images'
import { initDone, podPhase } from './pod-phase'
import { backOffMessage } from './stage-logic'
import type { ContainerRuntime, PodRuntime, Termination } from './runtime-state'

/**
 * The pod's API status, generated from the runtime as the kubelet's
 * generateAPIPodStatus does: phase, the five kubelet-owned conditions in the
 * order kubectl shows them, container statuses (app containers sorted by
 * name, init containers in spec order), IPs and start time. Conditions
 * written by others (DisruptionTarget, readiness gates) are kept.
 */

const kubeletConditions = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']

/** What a pod status is generated from. */
export interface StatusInputs {
  /** The pod (spec and metadata). */
  pod: Pod
  /** What the runtime knows about it. */
  rt: PodRuntime
  /** The status before this one: transition times carry over from it. */
  previous: PodStatus | undefined
  /** The node's InternalIP. */
  hostIP: string | undefined
  /** Cluster time, ms: the lastTransitionTime of conditions that change. */
  now: number
}

function terminatedState(t: Termination): ApiContainerState {
  return {
    terminated: { containerID: t.containerID, exitCode: t.exitCode, finishedAt: rfc3339(t.finishedAt), reason: t.reason, startedAt: rfc3339(t.startedAt) }
  }
}

function stateOf(pod: Pod, c: ContainerRuntime, initializing: boolean): ApiContainerState {
  switch (c.state) {
    case 'running':
      return { running: { startedAt: rfc3339(c.startedAt ?? 0) } }
    case 'backoff':
      return { waiting: { reason: 'CrashLoopBackOff', message: backOffMessage(pod, c) } }
    case 'imageNeverPull':
      return { waiting: { reason: 'ErrImageNeverPull', message: `Container image "${c.image}" is not present with pull policy of Never` } }
    case 'configError':
      return { waiting: { reason: 'CreateContainerConfigError', message: c.configError ?? '' } }
    default:
      // Restarting: the runtime still reports the exited instance.
      if (c.terminated) return terminatedState(c.terminated)
      return { waiting: { reason: initializing ? 'PodInitializing' : 'ContainerCreating' } }
  }
}

/** lastState: the exit before the one the state shows (or, backing off, the exit that caused it). */
function lastStateOf(c: ContainerRuntime): ApiContainerState {
  switch (c.state) {
    case 'backoff':
    case 'imageNeverPull':
    case 'configError':
      return c.terminated ? terminatedState(c.terminated) : {}
    case 'running':
    case 'exited':
      return c.lastTerminated ? terminatedState(c.lastTerminated) : {}
    default:
      return c.terminated && c.lastTerminated ? terminatedState(c.lastTerminated) : {}
  }
}

/** Fields are added in the order the kubelet's JSON has them; no spreads, as this runs for every container on every status. */
function containerStatus(pod: Pod, spec: Container | undefined, c: ContainerRuntime, initializing: boolean): ContainerStatus {
  const image = spec?.image ?? c.image
  const exists = c.instances > 0
  const status = {} as ContainerStatus
  if (exists && c.containerID) status.containerID = c.containerID
  status.image = qualifiedImage(image)
  status.imageID = exists ? imageID(c.image) : ''
  status.lastState = lastStateOf(c)
  status.name = c.name
  status.ready = c.ready
  status.restartCount = Math.max(0, c.instances - 1)
  status.started = c.started
  status.state = stateOf(pod, c, initializing)
  const mounts = spec?.volumeMounts
  if (exists && mounts?.length) {
    status.volumeMounts = mounts.map((m) => (m.readOnly ? { name: m.name, mountPath: m.mountPath, readOnly: true, recursiveReadOnly: 'Disabled' } : { name: m.name, mountPath: m.mountPath }))
  }
  return status
}

function condition(type: string, ok: boolean, previous: PodStatus | undefined, now: string, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False'
  const before = previous?.conditions?.find((c) => c.type === type)
  const c: PodCondition = {
    type,
    status,
    lastProbeTime: null as unknown as undefined,
    lastTransitionTime: before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : now
  }
  if (!ok && reason) c.reason = reason
  if (!ok && message) c.message = message
  return c
}

/** The spec of the container of that name, ephemeral, app or init (names are unique across the three; were one not, the later list wins). */
function specNamed(pod: Pod, name: string): Container | undefined {
  const spec = pod.spec
  return (
    (spec?.ephemeralContainers as Container[] | undefined)?.find((c) => c.name === name) ??
    spec?.containers?.find((c) => c.name === name) ??
    spec?.initContainers?.find((c) => c.name === name)
  )
}

/** The API status of a pod, from its runtime (generateAPIPodStatus). */
export function generatePodStatus({ pod, rt, previous, hostIP, now }: StatusInputs): PodStatus {
  const stamp = rfc3339(now)
  const phase = podPhase(pod, rt)
  const terminal = phase === 'Succeeded' || phase === 'Failed'
  const hasInit = rt.init.length > 0
  const incomplete = rt.init.filter((c) => !initDone(c)).map((c) => c.name)
  const unready = [...rt.init.filter((c) => c.kind === 'sidecar'), ...rt.containers].filter((c) => !c.ready).map((c) => c.name)
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady'
  const readyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`

  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', rt.state === 'running' || rt.state === 'stopping', previous, stamp),
    condition('Initialized', incomplete.length === 0, previous, stamp, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
    condition('Ready', unready.length === 0 && !terminal, previous, stamp, readyReason, readyMessage),
    condition('ContainersReady', unready.length === 0 && !terminal, previous, stamp, readyReason, readyMessage),
    previous?.conditions?.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true, previous, stamp)
  ]
  for (const other of previous?.conditions ?? []) if (!kubeletConditions.includes(other.type)) conditions.push(other)

  // Fields in the order the kubelet's JSON has them, set one by one (no spreads: this runs on every status).
  const status: PodStatus = { conditions }
  status.containerStatuses = rt.containers.map((c) => containerStatus(pod, specNamed(pod, c.name), c, hasInit))
  if (status.containerStatuses.length > 1) status.containerStatuses.sort((a, b) => a.name.localeCompare(b.name))
  if (rt.ephemeral.length) status.ephemeralContainerStatuses = rt.ephemeral.map((c) => containerStatus(pod, specNamed(pod, c.name), c, false))
  if (hostIP) {
    status.hostIP = hostIP
    status.hostIPs = [{ ip: hostIP }]
  }
  if (hasInit) status.initContainerStatuses = rt.init.map((c) => containerStatus(pod, specNamed(pod, c.name), c, true))
  status.phase = phase
  if (rt.podIP) {
    status.podIP = rt.podIP
    status.podIPs = [{ ip: rt.podIP }]
  }
  status.qosClass = previous?.qosClass ?? podQOSClass(pod.spec ?? { containers: [] })
  if (rt.startTime !== undefined) status.startTime = rfc3339(rt.startTime)
  return status
}
