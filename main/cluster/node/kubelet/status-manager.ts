import type { ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import { deepEqual } from '../../apimachinery/validation'
import { errorMessage, type Logger } from '../../client/controller-logger'
import type { ResourceClient } from '../../client/types'
import { writeStatus } from './api-writes'

/**
 * The kubelet's status manager: writes each pod's generated status to the
 * API, one write at a time per pod, coalescing bursts (only the latest status
 * matters), and deletes a pod once it has terminated (gracePeriodSeconds 0,
 * with a uid precondition so a new pod of the same name is never hit).
 * Static pods report through their mirror pod. A powered-off kubelet writes
 * nothing.
 */

/** Where a pod's status goes: the API object and the status to put there. */
export interface StatusTarget {
  /** The API pod's namespace. */
  namespace: string
  /** The API pod's name (a static pod's mirror pod). */
  name: string
  /** The API object's uid; a stored pod with another uid is not ours. */
  uid?: string
  /** The generated status to write. */
  status: PodStatus
}

const kubeletConditions = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'])

/** The generated status, keeping conditions others wrote since (DisruptionTarget, readiness gates). */
function merged(stored: PodStatus | undefined, generated: PodStatus): PodStatus {
  const ours = new Set((generated.conditions ?? []).map((c) => c.type))
  const foreign = (stored?.conditions ?? []).filter((c) => !kubeletConditions.has(c.type) && !ours.has(c.type))
  return { ...generated, conditions: [...(generated.conditions ?? []), ...foreign], qosClass: stored?.qosClass ?? generated.qosClass }
}

/** Pod status writes and final deletes for one kubelet. */
/**
 * Whether the API's status disagrees with the kubelet's on what the kubelet
 * owns: phase, IPs, its conditions, its containers' readiness and restarts.
 */
export function statusDiverged(api: PodStatus | undefined, ours: PodStatus | undefined): boolean {
  if (!ours) return false
  if (!api) return true
  // The pod worker keeps the API's own status once it holds what the kubelet generated.
  if (api === ours) return false
  if (api.phase !== ours.phase || api.podIP !== ours.podIP) return true
  const conditions = ours.conditions ?? []
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]
    if (kubeletConditions.has(c.type) && conditionStatus(api, c.type) !== c.status) return true
  }
  return containersDiffer(api.initContainerStatuses, ours.initContainerStatuses) || containersDiffer(api.containerStatuses, ours.containerStatuses)
}

function conditionStatus(s: PodStatus, type: string): string | undefined {
  const conditions = s.conditions
  if (!conditions) return undefined
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === type) return conditions[i].status
  return undefined
}

/** Whether two lists of container statuses differ in names, readiness or restarts (checked on every pod event). */
function containersDiffer(a: readonly ContainerStatus[] | undefined, b: readonly ContainerStatus[] | undefined): boolean {
  const n = a?.length ?? 0
  if (n !== (b?.length ?? 0)) return true
  for (let i = 0; i < n; i++) {
    const x = a![i]
    const y = b![i]
    if (x.name !== y.name || x.ready !== y.ready || x.restartCount !== y.restartCount) return true
  }
  return false
}

export class PodStatusManager {
  private readonly chains = new Map<string, Promise<void>>()
  private readonly queued = new Set<string>()
  /** False while the node is powered off. */
  powered = true

  constructor(
    private readonly pods: ResourceClient<Pod>,
    /** The current target of a worker key; undefined when there is nowhere to write (no mirror pod yet). */
    private readonly target: (key: string) => StatusTarget | undefined,
    private readonly logger: Logger
  ) {}

  /** The status of key changed: write the latest one soon. */
  changed(key: string): void {
    if (this.queued.has(key)) return
    this.queued.add(key)
    this.enqueue(key, async () => {
      this.queued.delete(key)
      await this.write(key)
    })
  }

  /** Deletes the terminated pod from the API, after its status writes. */
  remove(key: string, namespace: string, name: string, uid: string): void {
    this.enqueue(key, async () => {
      if (!this.powered) return
      try {
        await this.pods.delete(namespace, name, { gracePeriodSeconds: 0, preconditions: { uid } })
      } catch (e) {
        if (!isNotFound(e) && !isConflict(e)) throw e
      }
    })
  }

  /** Resolves when every write queued so far has finished. */
  async flush(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()])
  }

  private enqueue(key: string, job: () => Promise<void>): void {
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(job)
      .catch((e: unknown) => this.logger.warn(`kubelet: pod status of ${key}: ${errorMessage(e)}`))
    this.chains.set(key, next)
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key)
    })
  }

  private async write(key: string): Promise<void> {
    if (!this.powered) return
    const target = this.target(key)
    if (!target) return
    await writeStatus(this.pods, target.namespace, target.name, (stored) => {
      if (!this.powered) return undefined
      if (target.uid && stored.metadata?.uid !== target.uid) return undefined
      const status = merged(stored.status, target.status)
      return deepEqual(status, stored.status) ? undefined : status
    })
  }
}
