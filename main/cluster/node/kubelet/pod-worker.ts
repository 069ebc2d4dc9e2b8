import type { Pod, PodStatus } from 'kubernetes-types/core/v1'
import type { Timer } from '../../clock/types'
import { deepEqual } from '../../apimachinery/validation'
import { deepFreeze } from '../../storage/freeze'
import type { PodHost } from './pod-host'
import { differsSemantically } from './pod-changes'
import { generatePodStatus } from './pod-status'
import { adoptPodRuntime, allContainers, containerFieldPath, newPodRuntime, type ContainerRuntime, type ContainerState, type PodRuntime } from './runtime-state'
import { applyEffect, containerGuards, exitContainer, killForFailedProbe, podGuards, renderEvent, resolveDelay, type StageScope } from './stage-logic'
import { PodProbes, needsProber } from './probes/pod-probes'
import { addEphemeralContainers, rebootRuntime, restartChangedContainers } from './runtime-changes'
import type { ProbeKind } from './probes/probe-worker'
import { containerStages, kubeletEvents, podStages, type ContainerStage, type EventTemplate, type PodStage } from './stages'

/**
 * Runs one pod through the stage tables (stages.ts) on the cluster clock, as
 * a kubelet pod worker runs SyncPod: level-triggered, so any change (the pod
 * was updated or deleted, the node got its podCIDR, a timer fired) re-plans
 * every lane from the current state. A stage whose delay is due runs at once;
 * one that is not gets a timer, kept as long as the same stage stays planned.
 */

/** Restarts a container may make on foreground timers before its crash loop stops driving an instant clock. */
const foregroundRestarts = 5

type AnyStage = PodStage | ContainerStage

interface Plan {
  stage: AnyStage
  container?: ContainerRuntime
  due: number
  delay: number
}

interface Scheduled extends Plan {
  timer: Timer
}

const startupStates: readonly ContainerState[] = ['waiting', 'pulled', 'created']
const startupLane = containerStages.filter((st) => st.lane === 'startup')
const runningLane = containerStages.filter((st) => st.lane === 'running')

/** The lifecycle of one pod on one node. */
export class PodWorker {
  /** The runtime state; read by tests and by the kubelet's IPAM rebuild. */
  readonly rt: PodRuntime
  /** Stages timed, by lane; made on the first (a running pod has none most of its life). */
  private lanes: Map<string, Scheduled> | undefined
  private halted = false
  /** The status last generated; once the API holds the same, the informer's (frozen, shared) copy of it. */
  private lastStatus: PodStatus | undefined
  /** The status at the start of the runtime pass under way was published: the rest waits for the pass to end. */
  private passPublished = false
  /** Readiness, liveness and startup probes of the running containers; made when the pod has a probe to run. */
  private probes: PodProbes | undefined

  /**
   * `key` identifies the pod on the node (its uid; a static pod's hash).
   * `adopt` rebuilds the runtime from the pod's status (a kubelet restart)
   * instead of starting it afresh.
   */
  constructor(
    readonly key: string,
    private pod: Pod,
    private readonly host: PodHost,
    adopt = false
  ) {
    const now = host.clock.now()
    this.rt = adopt ? adoptPodRuntime(pod, now) : newPodRuntime(pod, now)
    this.lastStatus = pod.status
  }

  /** The pod as the worker last saw it. */
  get current(): Pod {
    return this.pod
  }

  /** The status generated from the runtime; undefined before admission. */
  status(): PodStatus | undefined {
    return this.rt.state === 'new' ? undefined : this.lastStatus
  }

  /** Starts (or continues) the pod's lifecycle. */
  start(): void {
    // An adopted runtime's running containers kept running through the kubelet's restart: the world gets their processes back.
    this.host.runtimeChanged?.(this.key)
    this.sync()
  }

  /** A newer version of the pod (marked for deletion, or a container's image changed). */
  update(pod: Pod): void {
    const before = this.pod
    this.pod = pod
    this.shareStatus(pod)
    // As the kubelet's pod config (checkAndUpdatePod): a pod whose status alone changed (its own status write coming back) is no update to act on.
    if (!differsSemantically(before, pod)) return
    addEphemeralContainers(pod, this.rt, this.host.clock.now())
    if (!this.halted) restartChangedContainers(pod, this.rt, this.host)
    this.sync()
  }

  /** Plans again: something on the node changed (its pod network came up). */
  resync(): void {
    this.sync()
  }

  /** Takes a newer version of the pod without acting on it (the node was down when it changed). */
  replace(pod: Pod): void {
    this.pod = pod
    this.shareStatus(pod)
  }

  /**
   * The API's status came back equal to the one last generated (the status
   * manager's write): the worker keeps the informer's frozen copy instead of
   * its own, one status per pod in memory instead of two.
   */
  private shareStatus(pod: Pod): void {
    const api = pod.status
    if (api && this.lastStatus && api !== this.lastStatus && deepEqual(api, this.lastStatus)) this.lastStatus = api
  }

  /** Power off: every timer stops and nothing more is reported until reboot(). */
  halt(): void {
    this.halted = true
    this.probes?.stop()
    this.cancelAll()
  }

  /** Power back on: the node rebooted (runtime-changes.ts rebootRuntime). */
  reboot(): void {
    this.halted = false
    this.passPublished = false
    rebootRuntime(this.key, this.pod, this.rt, this.host)
    this.sync()
  }

  /** The pod is gone from the API (deleted with no grace): stop its containers at once. */
  forget(): void {
    this.cancelAll()
    this.probes?.stop()
    if (!this.halted && this.rt.state !== 'stopped' && this.rt.state !== 'removed' && this.rt.state !== 'new') {
      this.emit(kubeletEvents.killing, this.scope())
    }
    this.host.releaseIP(this.key)
    this.host.world?.processes.forget(this.pod.metadata?.uid ?? this.key)
    this.rt.state = 'removed'
  }

  /** Cancels every timer (the node's agent is stopping). */
  stop(): void {
    this.cancelAll()
    this.probes?.stop()
  }

  /**
   * An app or ephemeral container's main process exited by itself (`sh` read end of input,
   * `echo hi` finished): the container terminates with its exit code and
   * restarts per restartPolicy, as when a real container's PID 1 ends.
   */
  mainProcessExited(container: string, exitCode: number): void {
    if (this.halted || this.pod.metadata?.deletionTimestamp) return
    const c = [...this.rt.containers, ...this.rt.ephemeral].find((x) => x.name === container)
    if (!c || c.state !== 'running') return
    exitContainer(this.scope(), c, exitCode)
    this.sync()
  }

  /** A probe's result changed: readiness marks the container (un)ready, startup started, a failed liveness or startup probe kills it. */
  private probeResult(c: ContainerRuntime, kind: ProbeKind, ok: boolean): void {
    if (this.halted || c.state !== 'running' || this.pod.metadata?.deletionTimestamp) return
    if (kind === 'readiness') c.ready = ok && c.started
    else if (kind === 'startup' && ok) c.started = true
    else if (!ok) killForFailedProbe(this.scope(), c, kind)
    this.sync()
  }

  private scope(): StageScope {
    return { key: this.key, pod: this.pod, rt: this.rt, host: this.host, now: this.host.clock.now() }
  }

  /** Runs due stages until none is due, then times the rest. */
  private sync(): void {
    if (this.halted || this.rt.state === 'removed') return
    for (let round = 0; round < 1000; round++) {
      const plans = this.plan()
      if (this.lanes) {
        for (const [lane, scheduled] of this.lanes) {
          const plan = plans.get(lane)
          if (!plan || plan.stage !== scheduled.stage || plan.container !== scheduled.container) {
            scheduled.timer.cancel()
            this.dropLane(lane)
          }
        }
      }
      const now = this.host.clock.now()
      let due: Plan | undefined
      for (const [lane, plan] of plans) {
        if (plan.due <= now && !this.lanes?.has(lane)) {
          due = plan
          break
        }
      }
      if (!due) {
        for (const [lane, plan] of plans) if (!this.lanes?.has(lane)) this.schedule(lane, plan)
        break
      }
      this.run(due, true)
      if (this.removed()) return
    }
    // One status per sync, as generateAPIPodStatus runs once per SyncPod: the stages that ran at once are one step.
    this.publish()
  }

  /** The stage each lane should run next. */
  private plan(): Map<string, Plan> {
    const s = this.scope()
    const plans = new Map<string, Plan>()
    this.pick(plans, 'pod', podStages, s, undefined, s.now)
    if (this.rt.state !== 'running' || s.pod.metadata?.deletionTimestamp) return plans
    const starting = this.startupCandidate()
    if (starting) this.pick(plans, 'startup', startupLane, s, starting, s.now)
    for (const c of this.rt.init) this.pick(plans, `run:${c.kind}:${c.name}`, runningLane, s, c, c.since)
    for (const c of this.rt.containers) this.pick(plans, `run:${c.kind}:${c.name}`, runningLane, s, c, c.since)
    // Ephemeral containers start on their own, whatever the init and app containers are doing (SyncPod starts them first).
    for (const c of this.rt.ephemeral) {
      if (startupStates.includes(c.state)) this.pick(plans, `startup:ephemeral:${c.name}`, startupLane, s, c, s.now)
      this.pick(plans, `run:${c.kind}:${c.name}`, runningLane, s, c, c.since)
    }
    return plans
  }

  /** Of the lane's stages that apply, the one due first (ties: table order) is the lane's plan. */
  private pick(plans: Map<string, Plan>, lane: string, stages: readonly AnyStage[], s: StageScope, c: ContainerRuntime | undefined, anchor: number): void {
    let best: AnyStage | undefined
    let bestDue = 0
    let bestDelay = 0
    for (const stage of stages) {
      if (!this.applies(stage, s, c)) continue
      const delay = resolveDelay(stage.delay, s, c)
      const due = anchor + delay
      if (!best || due < bestDue) {
        best = stage
        bestDue = due
        bestDelay = delay
      }
    }
    if (best) plans.set(lane, { stage: best, container: c, due: bestDue, delay: bestDelay })
  }

  private applies(stage: AnyStage, s: StageScope, c: ContainerRuntime | undefined): boolean {
    if (c) {
      const st = stage as ContainerStage
      return st.from.includes(c.state) && (!st.when || containerGuards[st.when](s, c))
    }
    const st = stage as PodStage
    return st.from.includes(this.rt.state) && (!st.when || podGuards[st.when](s))
  }

  /**
   * The container whose start comes next: init containers one at a time, each
   * finished (or, a sidecar, started) before the next; then app containers in
   * spec order.
   */
  private startupCandidate(): ContainerRuntime | undefined {
    for (const c of this.rt.init) {
      if (c.kind === 'init' && c.state === 'exited' && c.terminated?.exitCode === 0) continue
      if (c.kind === 'sidecar' && c.state === 'running' && c.started) continue
      return startupStates.includes(c.state) || c.state === 'configError' ? c : undefined
    }
    // An app container whose environment cannot be built does not hold up the others (SyncPod starts each in turn).
    return this.rt.containers.find((c) => startupStates.includes(c.state)) ?? this.rt.containers.find((c) => c.state === 'configError')
  }

  private schedule(lane: string, plan: Plan): void {
    const now = this.host.clock.now()
    const background = plan.stage.background === true || (plan.stage.background === 'afterRestarts' && (plan.container ? plan.container.instances : this.rt.mountFailures) > foregroundRestarts)
    for (const template of plan.stage.begin ?? []) this.emit(template, this.scope(), plan.container, plan.delay)
    const timer = (this.host.stageTimers ?? this.host.clock).setTimeout(() => this.fire(lane), plan.due - now, { background })
    const lanes = (this.lanes ??= new Map())
    lanes.set(lane, { stage: plan.stage, container: plan.container, due: plan.due, delay: plan.delay, timer })
  }

  private fire(lane: string): void {
    const scheduled = this.lanes?.get(lane)
    if (!scheduled || this.halted) return
    this.dropLane(lane)
    if (this.applies(scheduled.stage, this.scope(), scheduled.container)) this.run(scheduled, false)
    this.sync()
  }

  /** Completes a stage: its end events, its effect, its new state. */
  private run(plan: Plan, beginNow: boolean): void {
    const s = this.scope()
    const { stage, container: c } = plan
    if (beginNow) for (const template of stage.begin ?? []) this.emit(template, s, c, plan.delay)
    for (const template of stage.end ?? []) this.emit(template, s, c, plan.delay)
    // The final status goes out before the pod is deleted, as the status manager writes it.
    if (stage.effect === 'removePod') this.publish()
    if (stage.effect) applyEffect(stage.effect, s, c)
    if (c) {
      if (c.state !== stage.to) {
        c.state = stage.to as ContainerState
        c.since = s.now
      }
    } else if (this.rt.state !== stage.to && this.rt.state !== 'removed') {
      this.rt.state = stage.to as PodRuntime['state']
      this.rt.since = s.now
    }
  }

  private emit(template: EventTemplate, s: StageScope, c?: ContainerRuntime, delay = 0): void {
    if (template.each === 'runningContainer') {
      for (const x of allContainers(this.rt)) {
        if (x.state === 'running') this.host.event(this.pod, template.type, template.reason, renderEvent(template, s, x, delay), containerFieldPath(x))
      }
      return
    }
    this.host.event(this.pod, template.type, template.reason, renderEvent(template, s, c, delay), c && containerFieldPath(c))
  }

  /**
   * Whether the runtime is inside one pass of SyncPod: the kubelet generates
   * the pod's status when a sync starts, then the runtime creates the sandbox
   * and pulls, creates and starts the containers it can in one go (an init
   * container: up to its start); the next status comes from the sync the
   * runtime's events (PLEG) trigger after. So a pause pod's status goes
   * Pending (no IP) -> Running, with no Pending-with-IP step between.
   */
  private inRuntimePass(): boolean {
    if (this.pod.metadata?.deletionTimestamp) return false
    if (this.rt.state === 'admitted') return this.lanes?.get('pod')?.stage.name === 'sandbox'
    if (this.rt.state !== 'running') return false
    const c = this.startupCandidate()
    return c !== undefined && startupStates.includes(c.state)
  }

  /** Generates the status and tells the host when it changed; within a runtime pass, only the status at its start. */
  private publish(): void {
    if (this.rt.state === 'new' || this.rt.state === 'removed') return
    const pass = this.inRuntimePass()
    if (pass && this.passPublished) {
      // The containers themselves run at once (their processes, logs, ports); the prober, as the status, sees them after the pass.
      this.host.runtimeChanged?.(this.key)
      return
    }
    this.passPublished = pass
    if (this.probes || needsProber(this.host, this.pod)) (this.probes ??= this.newProbes()).track(this.pod, this.rt)
    const status = generatePodStatus({ pod: this.pod, rt: this.rt, previous: this.lastStatus, hostIP: this.host.hostIP(), now: this.host.clock.now() })
    if (deepEqual(status, this.lastStatus)) return
    // Frozen: the status manager writes it as it is (the write pipeline and storage keep frozen status values instead of
    // copying them), and the stored version coming back then shares its objects, which shareStatus finds equal at once.
    this.lastStatus = deepFreeze(status)
    this.host.statusChanged(this.key)
  }

  private removed(): boolean {
    return this.rt.state === 'removed'
  }

  private dropLane(lane: string): void {
    this.lanes?.delete(lane)
    if (!this.lanes?.size) this.lanes = undefined
  }

  private cancelAll(): void {
    for (const scheduled of this.lanes?.values() ?? []) scheduled.timer.cancel()
    this.lanes = undefined
  }

  /** The pod's prober; its callbacks hold the worker only (not the pod it was made with). */
  private newProbes(): PodProbes {
    const host = this.host
    return new PodProbes({
      clock: host.clock,
      world: host.world,
      podIP: () => this.rt.podIP ?? host.hostIP() ?? '',
      pod: () => this.pod,
      event: (type, reason, message, fieldPath) => host.event(this.pod, type, reason, message, fieldPath),
      result: (c, kind, ok) => this.probeResult(c, kind, ok)
    })
  }
}
