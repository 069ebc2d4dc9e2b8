import type { Node, Pod } from 'kubernetes-types/core/v1'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import type { KubeObject } from '../../apimachinery/types'
import type { Informer } from '../../client/informer'
import { errorMessage } from '../../client/controller-logger'
import { deepEqual } from '../../apimachinery/validation'
import type { EventRecorder } from '../../client/event-recorder'
import { PodInfo } from '../cache/pod-info'
import { Scheduler } from '../core/scheduler'
import type { Outcome, Scheduled } from '../core/outcome'
import { schedulingResultAnnotation } from '../core/scheduling-result'
import { schedulingResultJson } from '../core/scheduling-result-json'
import { ClusterEvents, nodeUpdateEventsOf, type ClusterEvent } from '../framework/events'
import { SchedulingQueue, type QueuedPod } from '../queue/scheduling-queue'
import { gvrs, informerListers, listerInformers, type ListerInformers } from './listers'
import { bind, evictVictim, recordFailure, runPreBindAction, type WriteDeps } from './pod-writes'

/** Event messages longer than this are cut (the events API's note limit). */
const noteLengthLimit = 1024
/** Pods scheduled between two yields to the event loop, so watch events and writes keep flowing. */
const cyclesPerYield = 32

function truncate(message: string): string {
  return message.length > noteLengthLimit ? `${message.slice(0, noteLengthLimit - 3)}...` : message
}

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
}

/** Whether a change to a pending pod may change where it fits (isPodUpdated: not only status, nor our own annotation). */
function meaningfulChange(old: Pod, cur: Pod): boolean {
  const strip = (p: Pod): unknown => {
    const annotations = { ...(p.metadata?.annotations ?? {}) }
    delete annotations[schedulingResultAnnotation]
    return [p.spec, p.metadata?.labels, annotations]
  }
  return JSON.stringify(strip(old)) !== JSON.stringify(strip(cur))
}

/**
 * The scheduler as a cluster component: informers feed the Scheduler core's
 * cache and the scheduling queue; one worker pops pods, runs a scheduling
 * cycle, and hands the binding (and failure reporting) to background tasks,
 * as kube-scheduler's scheduleOne runs its binding cycle in a goroutine.
 */
export class SchedulerComponent implements Component {
  readonly name = 'default-scheduler'
/** The scheduling core the informers feed. */
  readonly scheduler: Scheduler
/** Pending pods. */
  readonly queue: SchedulingQueue
  private readonly recorder: EventRecorder
  private readonly pods: Informer<Pod>
  private readonly nodes: Informer<Node>
  private readonly others: ListerInformers
  private readonly unsubscribers: Array<() => void> = []
  private readonly tasks = new Set<Promise<void>>()
  private worker: Promise<void> | undefined
  private stopped = false

  constructor(private readonly ctx: ComponentContext) {
    this.pods = ctx.informers.informerFor<Pod>(gvrs.pods)
    this.nodes = ctx.informers.informerFor<Node>(gvrs.nodes)
    this.others = listerInformers(ctx.informers)
    this.scheduler = new Scheduler({ listers: informerListers(this.others) })
    const pluginEvents = new Map<string, Set<ClusterEvent>>()
    for (const p of this.scheduler.framework.plugins.values()) pluginEvents.set(p.name, new Set(p.events ?? []))
    this.queue = new SchedulingQueue({ clock: ctx.clock, pluginEvents })
    // kube-scheduler records through events.k8s.io/v1, as itself on the control-plane node.
    const name = this.scheduler.schedulerName
    this.recorder = ctx.events({ component: name, instance: `${name}-${ctx.config.name}-control-plane` })
  }

/** Subscribes, starts the informers, and starts scheduling once their caches are filled. */
  async start(): Promise<void> {
    this.subscribe()
    this.ctx.informers.start()
    const informers = [this.pods, this.nodes, ...Object.values(this.others).filter((i): i is Informer => !!i)]
    // Scheduling against a half-filled cache would place pods on the first nodes listed.
    const synced = await Promise.all(informers.map((i) => i.waitForSync()))
    if (this.stopped || !synced.every(Boolean)) return
    this.worker = this.run()
  }

/** Stops scheduling and waits for bindings and status writes in flight. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const u of this.unsubscribers.splice(0)) u()
    this.queue.close()
    await this.worker
    while (this.tasks.size) await Promise.allSettled([...this.tasks])
    await this.recorder.flush()
  }

  private subscribe(): void {
    this.unsubscribers.push(
      this.nodes.addEventHandler({
        onAdd: (node) => {
          this.scheduler.setNode(node)
          this.queue.moveOnEvent(ClusterEvents.NodeAdd)
        },
        onUpdate: (old, node) => {
          this.scheduler.setNode(node)
          for (const e of nodeUpdateEventsOf(old, node)) this.queue.moveOnEvent(e)
        },
        onDelete: (node) => {
          this.scheduler.removeNode(node.metadata?.name ?? '')
          this.queue.moveOnEvent(ClusterEvents.NodeDelete)
        }
      }),
      this.pods.addEventHandler({
        onAdd: (pod) => this.onPod(undefined, pod),
        onUpdate: (old, pod) => this.onPod(old, pod),
        onDelete: (pod) => this.onPodDelete(pod)
      })
    )
    const move = (e: ClusterEvent) => ({ onAdd: () => this.queue.moveOnEvent(e), onUpdate: () => this.queue.moveOnEvent(e), onDelete: () => this.queue.moveOnEvent(e) })
    if (this.others.pvcs) this.unsubscribers.push(this.others.pvcs.addEventHandler(move(ClusterEvents.PvcChange)))
    if (this.others.pvs) this.unsubscribers.push(this.others.pvs.addEventHandler(move(ClusterEvents.PvChange)))
    if (this.others.storageClasses) this.unsubscribers.push(this.others.storageClasses.addEventHandler(move(ClusterEvents.StorageClassChange)))
  }

  /** Routes a pod to the cache (bound), the queue (pending and ours) or nowhere. */
  private onPod(old: Pod | undefined, pod: Pod): void {
    if (old && old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return
    const key = keyOf(pod)
    if (pod.spec?.nodeName) {
      this.queue.delete(key)
      const wasPlaced = !!old?.spec?.nodeName && !isTerminal(old)
      this.scheduler.setPod(pod)
      if (isTerminal(pod)) {
        if (wasPlaced) this.queue.moveOnEvent(ClusterEvents.AssignedPodDelete)
      } else if (!wasPlaced) {
        this.queue.moveOnEvent(ClusterEvents.AssignedPodAdd)
      } else if (old?.metadata?.labels !== pod.metadata?.labels && !deepEqual(old?.metadata?.labels ?? {}, pod.metadata?.labels ?? {})) {
        this.queue.moveOnEvent(ClusterEvents.AssignedPodUpdate)
      }
      return
    }
    // A pod we chose a node for is not rescheduled while its binding is on its way.
    if (this.scheduler.cache.isAssumed(key)) return
    if (pod.spec?.schedulerName !== this.scheduler.schedulerName || isTerminal(pod) || pod.metadata?.deletionTimestamp) {
      this.queue.delete(key)
      this.scheduler.removePod(key)
      return
    }
    const info = new PodInfo(pod)
    this.scheduler.setPod(pod, info)
    if (old && this.queue.has(key)) this.queue.update(info, meaningfulChange(old, pod))
    else this.queue.add(info)
  }

  private onPodDelete(pod: Pod): void {
    const key = keyOf(pod)
    const wasPlaced = !!pod.spec?.nodeName && !isTerminal(pod)
    this.queue.delete(key)
    this.scheduler.removePod(key)
    if (wasPlaced) this.queue.moveOnEvent(ClusterEvents.AssignedPodDelete)
  }

  /** The scheduling loop: one cycle per popped pod. */
  private async run(): Promise<void> {
    let cycles = 0
    for (;;) {
      const q = await this.queue.pop()
      if (!q) return
      try {
        this.scheduleOne(q)
      } catch (e) {
        this.ctx.logger.error(`scheduler: scheduling ${q.info.key} failed: ${errorMessage(e)}`)
        this.queue.requeueFailed(q, new Set())
      }
      if (++cycles % cyclesPerYield === 0) await new Promise<void>((r) => setImmediate(r))
    }
  }

  private scheduleOne(q: QueuedPod): void {
    // The latest copy: the pod may have changed while it waited.
    const current = this.pods.get(q.info.key)
    if (!current || current.spec?.nodeName || current.metadata?.deletionTimestamp) {
      this.queue.done(q.info.key)
      return
    }
    if (current !== q.info.pod) q.info = new PodInfo(current)
    const outcome = this.scheduler.scheduleOne(q.info)
    if (outcome.result === 'Scheduled') {
      this.queue.done(q.info.key)
      this.track(this.bindingCycle(q, outcome))
      return
    }
    const error = outcome.result === 'Error'
    this.queue.requeueFailed(q, error ? new Set() : outcome.unschedulablePlugins)
    this.track(this.reportFailure(outcome, error ? 'SchedulerError' : 'Unschedulable', outcome.message))
  }

  /** The binding cycle: PreBind writes, the binding (with the annotation), the Scheduled event; on failure, forget and retry. */
  private async bindingCycle(q: QueuedPod, outcome: Scheduled): Promise<void> {
    const pi = outcome.pod
    const result = schedulingResultJson(outcome, this.ctx.clock.rfc3339())
    try {
      for (const action of outcome.preBind) await runPreBindAction(this.deps(), action)
      await bind(this.deps(), pi.namespace, pi.name, pi.uid, outcome.nodeName, result)
      this.recorder.event(pi.pod as KubeObject, 'Normal', 'Scheduled', `Successfully assigned ${pi.namespace}/${pi.name} to ${outcome.nodeName}`, { action: 'Binding' })
      // Bound: nothing builds this attempt's annotation again.
      this.scheduler.releaseRecord(outcome.record)
    } catch (e) {
      // The room assumed for the pod is free again: other pods may fit now (as after an assigned pod's deletion).
      this.scheduler.forget(pi.key)
      this.queue.moveOnEvent(ClusterEvents.AssignedPodDelete)
      const latest = this.pods.get(pi.key)
      if (latest && !latest.spec?.nodeName && !latest.metadata?.deletionTimestamp) {
        q.info = new PodInfo(latest)
        this.queue.requeueFailed(q, new Set())
        await this.reportFailure({ ...outcome, result: 'Error', message: errorMessage(e) }, 'SchedulerError', errorMessage(e))
      }
    }
  }

  /** handleSchedulingFailure's reporting: the FailedScheduling event, then the pod's condition and annotation; evictions if preempting. */
  private async reportFailure(outcome: Outcome, reason: string, message: string): Promise<void> {
    const pi = outcome.pod
    // Built now: the record refers to the cache, which the next cycles change.
    const result = schedulingResultJson(outcome, this.ctx.clock.rfc3339())
    this.recorder.event(pi.pod as KubeObject, 'Warning', 'FailedScheduling', truncate(message), { action: 'Scheduling' })
    const nominated = outcome.result === 'Unschedulable' ? outcome.nominatedNodeName : undefined
    if (outcome.result === 'Unschedulable' && outcome.victims?.length && nominated) {
      for (const v of outcome.victims) {
        if (await evictVictim(this.deps(), v.namespace, v.name, this.scheduler.schedulerName)) {
          this.recorder.event(v.pod as KubeObject, 'Normal', 'Preempted', `Preempted by pod ${pi.uid} on node ${nominated}`, { action: 'Preempting', related: pi.pod as KubeObject })
        }
      }
    }
    await recordFailure(this.deps(), pi.namespace, pi.name, reason, message, nominated, result)
  }

  private deps(): WriteDeps {
    return { client: this.ctx.client, clock: this.ctx.clock, pods: this.pods }
  }

  private track(task: Promise<void>): void {
    const t = task.catch((e: unknown) => this.ctx.logger.error(`scheduler: ${errorMessage(e)}`)).finally(() => this.tasks.delete(t))
    this.tasks.add(t)
  }
}

/** The scheduler component (kube-scheduler with the default profile), for cluster.ts. */
export const schedulerComponent: ComponentFactory = (ctx) => new SchedulerComponent(ctx)
