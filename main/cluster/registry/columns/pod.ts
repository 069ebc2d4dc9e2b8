import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, nameColumn } from './common'
import { docs } from './descriptions'
import { humanDuration, parseTime } from './human-duration'

/** node.NodeUnreachablePodReason: the node controller marks pods of a lost node so. */
const nodeUnreachablePodReason = 'NodeLost'

/** What printPod derives from a pod's status: the READY, STATUS and RESTARTS cells. */
export interface PodSummary {
  ready: string
  status: string
  restarts: string
}

/** podutil.IsRestartableInitContainer: a sidecar (an init container with restartPolicy Always). */
function isRestartable(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always'
}

function hasCondition(conditions: readonly PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True')
}

/** isPodInitializedConditionTrue: the first Initialized condition decides. */
function initializedConditionTrue(conditions: readonly PodCondition[] | undefined): boolean {
  const c = (conditions ?? []).find((x) => x.type === 'Initialized')
  return c?.status === 'True'
}

/** The finishedAt of the container's last termination, when later than `latest` (Go's Before). */
function laterRestart(cs: ContainerStatus, latest: number | undefined): number | undefined {
  const finished = parseTime(cs.lastState?.terminated?.finishedAt)
  if (finished === undefined) return latest
  return latest === undefined || latest < finished ? finished : latest
}

/**
 * printPod's READY, STATUS and RESTARTS: the phase or the pod's reason,
 * overridden by init containers (`Init:1/2`, `Init:CrashLoopBackOff`,
 * `Init:Error`), then by app containers (a waiting or terminated reason,
 * `Completed` back to `Running`/`NotReady` while one still runs), then
 * `Terminating` or `Unknown` (node lost) while being deleted; restarts with
 * `(5m ago)` from the latest last-termination time.
 */
export function podSummary(pod: Pod, now: number): PodSummary {
  const spec = pod.spec
  const status = pod.status ?? {}
  let restarts = 0
  let restartableInitRestarts = 0
  let total = spec?.containers?.length ?? 0
  let ready = 0
  let lastRestart: number | undefined
  let lastRestartableInitRestart: number | undefined

  const phase = status.phase ?? ''
  let reason = status.reason ? status.reason : phase

  // A pod held back by scheduling gates says so.
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated'
  }

  const initContainers = new Map<string, Container>()
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c)
    if (isRestartable(c)) total++
  }

  let initializing = false
  const initStatuses = status.initContainerStatuses ?? []
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]
    restarts += cs.restartCount ?? 0
    lastRestart = laterRestart(cs, lastRestart)
    const restartable = isRestartable(initContainers.get(cs.name))
    if (restartable) {
      restartableInitRestarts += cs.restartCount ?? 0
      lastRestartableInitRestart = laterRestart(cs, lastRestartableInitRestart)
    }
    const terminated = cs.state?.terminated
    const waiting = cs.state?.waiting
    if (terminated && (terminated.exitCode ?? 0) === 0) continue
    if (restartable && cs.started === true) {
      if (cs.ready) ready++
      continue
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`
      } else {
        reason = `Init:${terminated.reason}`
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`
    }
    initializing = true
    break
  }

  if (!initializing || initializedConditionTrue(status.conditions)) {
    restarts = restartableInitRestarts
    lastRestart = lastRestartableInitRestart
    let hasRunning = false
    const statuses = status.containerStatuses ?? []
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]
      restarts += cs.restartCount ?? 0
      lastRestart = laterRestart(cs, lastRestart)
      const waiting = cs.state?.waiting
      const terminated = cs.state?.terminated
      if (waiting?.reason) {
        reason = waiting.reason
      } else if (terminated?.reason) {
        reason = terminated.reason
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true
        ready++
      }
    }
    // A pod with a container still running is not Completed.
    if (reason === 'Completed' && hasRunning) reason = hasCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady'
  }

  if (pod.metadata?.deletionTimestamp && status.reason === nodeUnreachablePodReason) {
    reason = 'Unknown'
  } else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating'
  }

  let restartsText = String(restarts)
  if (restarts !== 0 && lastRestart !== undefined) restartsText = `${restarts} (${humanDuration(now - lastRestart)} ago)`

  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText }
}

/** The pod's first IP (status.podIPs, or the older podIP), `<none>` before it has one. */
function podIP(pod: Pod): string {
  const ip = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP
  return ip ? ip : '<none>'
}

/** READINESS GATES: `<none>`, or how many of the gates' conditions are True, e.g. `1/2`. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? []
  if (gates.length === 0) return '<none>'
  let trueConditions = 0
  for (const gate of gates) {
    const condition = (pod.status?.conditions ?? []).find((c) => c.type === gate.conditionType)
    if (condition?.status === 'True') trueConditions++
  }
  return `${trueConditions}/${gates.length}`
}

export const podColumns: TableColumn<Pod>[] = [
  nameColumn(),
  column('Ready', docs.podReady, (p, now) => podSummary(p, now).ready),
  column('Status', docs.podStatus, (p, now) => podSummary(p, now).status),
  column('Restarts', docs.podRestarts, (p, now) => podSummary(p, now).restarts),
  ageColumn(),
  column('IP', docs.podStatusPodIP, podIP, 1),
  column('Node', docs.podSpecNodeName, (p) => p.spec?.nodeName || '<none>', 1),
  column('Nominated Node', docs.podStatusNominatedNodeName, (p) => p.status?.nominatedNodeName || '<none>', 1),
  column('Readiness Gates', docs.podSpecReadinessGates, readinessGates, 1)
]
