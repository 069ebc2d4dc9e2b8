import type { Node, Pod, PodStatus } from 'kubernetes-types/core/v1'
import { isAlreadyExists, isConflict, isNotFound } from '../../apimachinery/errors'
import type { Clock } from '../../clock/types'
import { errorMessage, type Logger } from '../../client/controller-logger'
import type { ResourceClient } from '../../client/types'
import { configMirrorAnnotation, mirrorPodFor, staticPodFromManifest } from './static-pod'
import type { StatusTarget } from './status-manager'

/**
 * The kubelet's file source and mirror client: rescans the node's manifest
 * directory (every 20 s, as the kubelet's fileCheckFrequency), starts and
 * stops static pods as manifests come and go, and keeps one mirror pod in the
 * API per static pod, recreating it when someone deletes it.
 */

/** How often the manifest directory is read again. */
export const fileCheckFrequencyMs = 20_000

/** What the static pod manager needs from its kubelet. */
export interface StaticPodsOptions {
  /** The node. */
  nodeName: string
  /** The cluster clock (config.seen). */
  clock: Clock
  /** The pods API (mirror pods). */
  pods: ResourceClient<Pod>
  /** Where bad manifests and failed writes are reported. */
  logger: Logger
  /** The node's manifests, by file name. */
  manifests(): Map<string, string>
  /** Calls `changed` when a manifest is written or removed (inotify); returns the function that stops it. */
  watchManifests(changed: () => void): () => void
  /** The Node object (the mirror pods' owner). */
  node(): Node
  /** The cached API pod with that namespace and name. */
  cachedPod(namespace: string, name: string): Pod | undefined
  /** Starts a worker for a static pod; `adopt` carries the mirror's status after a kubelet restart. */
  startWorker(pod: Pod, adopt?: PodStatus): void
  /** Terminates a static pod whose manifest is gone; removed(key) follows once it has stopped. */
  terminateWorker(key: string): void
  /** The generated status of a worker. */
  statusOf(key: string): PodStatus | undefined
  /** The mirror pod changed: its status should be written. */
  statusChanged(key: string): void
}

/** Static pods and their mirrors for one kubelet. */
export class StaticPods {
  /** Static pods by hash (their UID, the worker key). */
  private readonly pods = new Map<string, Pod>()
  /** Hashes by manifest file. */
  private readonly files = new Map<string, string>()
  private readonly ensuring = new Map<string, Promise<void>>()
  private readonly again = new Set<string>()
  private scanned = false
  /** False while the node is powered off: no mirror writes. */
  powered = true

  constructor(private readonly options: StaticPodsOptions) {}

  /** Whether key is a static pod's. */
  has(key: string): boolean {
    return this.pods.has(key)
  }

  /**
   * The kubelet's file source while the node is on: the manifest directory
   * watched (a manifest written runs at once) and read again every
   * fileCheckFrequency. Returns the function that stops both.
   */
  watch(): () => void {
    const rescan = this.options.clock.setInterval(() => this.scan(), fileCheckFrequencyMs, { background: true })
    const unwatch = this.options.watchManifests(() => {
      if (this.powered) this.scan()
    })
    return () => {
      rescan.cancel()
      unwatch()
    }
  }

  /** Reads the manifests and starts, replaces or stops static pods to match. */
  scan(): void {
    const { nodeName, clock, logger } = this.options
    const seen = new Set<string>()
    for (const [file, content] of this.options.manifests()) {
      let pod: Pod
      try {
        // config.seen has nanoseconds (RFC 3339 nano), of which the clock knows the microseconds.
        pod = staticPodFromManifest(file, content, nodeName, clock.rfc3339Micro().replace('Z', '000Z'))
      } catch (e) {
        logger.warn(`kubelet ${nodeName}: static pod manifest ${file}: ${errorMessage(e)}`)
        continue
      }
      const key = pod.metadata!.uid!
      seen.add(key)
      const before = this.files.get(file)
      if (before === key) continue
      // An edited manifest is a new pod: the old one stops, the new one starts.
      if (before) this.options.terminateWorker(before)
      this.files.set(file, key)
      this.pods.set(key, pod)
      const mirror = this.mirrorOf(pod)
      this.options.startWorker(pod, mirror?.metadata?.annotations?.[configMirrorAnnotation] === key ? mirror.status : undefined)
      this.ensureMirror(key)
    }
    for (const [file, key] of [...this.files]) {
      if (seen.has(key)) continue
      this.files.delete(file)
      this.options.terminateWorker(key)
    }
    this.scanned = true
  }

  /** The mirror pod to write key's status to, when it exists and is current. */
  target(key: string): StatusTarget | undefined {
    const pod = this.pods.get(key)
    const status = this.options.statusOf(key)
    if (!pod || !status) return undefined
    const mirror = this.mirrorOf(pod)
    if (!mirror || mirror.metadata?.deletionTimestamp || mirror.metadata?.annotations?.[configMirrorAnnotation] !== key) return undefined
    return { namespace: mirror.metadata?.namespace ?? '', name: mirror.metadata?.name ?? '', uid: mirror.metadata?.uid, status }
  }

  /** A mirror pod was added or changed in the API. */
  mirrorChanged(mirror: Pod): void {
    const key = mirror.metadata?.annotations?.[configMirrorAnnotation] ?? ''
    if (!this.pods.has(key)) {
      // A mirror of nothing this node runs (its manifest changed or went while the kubelet was down).
      if (this.scanned && this.powered) void this.deleteMirror(mirror)
      return
    }
    if (mirror.metadata?.deletionTimestamp) this.ensureMirror(key)
    else this.options.statusChanged(key)
  }

  /** A mirror pod was deleted: the static pod still runs, so it gets a new one. */
  mirrorDeleted(mirror: Pod): void {
    const key = mirror.metadata?.annotations?.[configMirrorAnnotation] ?? ''
    if (this.pods.has(key)) this.ensureMirror(key)
  }

  /** The static pod finished terminating (its manifest is gone): its mirror goes too. */
  removed(key: string): void {
    const pod = this.pods.get(key)
    this.pods.delete(key)
    const mirror = pod && this.mirrorOf(pod)
    if (mirror && mirror.metadata?.annotations?.[configMirrorAnnotation] === key && this.powered) void this.deleteMirror(mirror)
  }

  /** Makes sure every static pod has its mirror (after power comes back). */
  ensureAll(): void {
    for (const key of this.pods.keys()) this.ensureMirror(key)
  }

  /** Resolves when mirror writes in flight are done. */
  async flush(): Promise<void> {
    while (this.ensuring.size) await Promise.all([...this.ensuring.values()])
  }

  private mirrorOf(pod: Pod): Pod | undefined {
    return this.options.cachedPod(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '')
  }

  /** One mirror write per static pod at a time; a request meanwhile runs again after it. */
  private ensureMirror(key: string): void {
    if (this.ensuring.has(key)) {
      this.again.add(key)
      return
    }
    const run = this.writeMirror(key)
      .catch((e: unknown) => this.options.logger.warn(`kubelet ${this.options.nodeName}: mirror pod of ${key}: ${errorMessage(e)}`))
      .finally(() => {
        this.ensuring.delete(key)
        if (this.again.delete(key)) this.ensureMirror(key)
      })
    this.ensuring.set(key, run)
  }

  private async writeMirror(key: string): Promise<void> {
    const pod = this.pods.get(key)
    if (!pod || !this.powered) return
    const mirror = this.mirrorOf(pod)
    if (mirror && mirror.metadata?.annotations?.[configMirrorAnnotation] === key && !mirror.metadata?.deletionTimestamp) return
    // A mirror being deleted, or of an older manifest, is replaced.
    if (mirror) await this.deleteMirror(mirror)
    try {
      await this.options.pods.create(mirrorPodFor(pod, this.options.node()))
    } catch (e) {
      // The informer has not yet seen the old one go; its DELETED event brings us back.
      if (!isAlreadyExists(e)) throw e
    }
  }

  private async deleteMirror(mirror: Pod): Promise<void> {
    try {
      await this.options.pods.delete(mirror.metadata?.namespace, mirror.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata?.uid } })
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e
    }
  }
}
