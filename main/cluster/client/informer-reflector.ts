import type { Status } from 'kubernetes-types/meta/v1'
import { isExpired } from '../apimachinery/errors'
import type { Clock, Timer } from '../clock/types'
import type { ResourceClient, WatchEvent, Watcher } from './types'
import { metaOf, type ObjectWithMeta } from './indexer-keys'
import { ItemExponentialFailureRateLimiter } from './rate-limiter'
import { errorMessage, type Logger } from './controller-logger'

/** Where a reflector puts what it learns. */
export interface ReflectorSink<T> {
  /** A (re-)list: the complete current state. */
  replace(items: T[]): void
  /** ADDED or MODIFIED from the watch. */
  upsert(obj: T): void
  /** DELETED from the watch: the object's last state. */
  remove(obj: T): void
}

export interface ReflectorOptions<T> {
  client: ResourceClient<T>
  clock: Clock
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  /** Used in log messages. */
  label: string
  logger: Logger
}

/**
 * Mirrors a resource collection into a sink, as client-go's reflector does:
 * list, then watch from the list's resourceVersion, so no change in between is
 * lost. A 410 Expired (from the watch call or as an ERROR event) means the
 * history is gone: list afresh. Other watch failures re-watch from the last
 * seen resourceVersion, and list failures list again, with backoff on
 * background timers (a broken API must not drive an instant clock).
 */
export class Reflector<T extends ObjectWithMeta> {
  // 800 ms doubling to 30 s, as client-go's reflector backs off.
  private readonly backoff = new ItemExponentialFailureRateLimiter({ baseDelay: 800, maxDelay: 30_000 })
  /** Bumped on every restart; events and results of a superseded list or watch are dropped. */
  private generation = 0
  private watcher: Watcher | undefined
  private retryTimer: Timer | undefined
  private resourceVersion = ''
  private running = false

  constructor(
    private readonly options: ReflectorOptions<T>,
    private readonly sink: ReflectorSink<T>
  ) {}

  /** The resourceVersion the sink reflects (from the last list, event or bookmark). */
  lastResourceVersion(): string {
    return this.resourceVersion
  }

  /** Starts listing and watching. */
  start(): void {
    if (this.running) return
    this.running = true
    this.restart('list', 0)
  }

  /** Stops the watch and any pending retry; nothing reaches the sink afterwards. */
  stop(): void {
    this.running = false
    this.generation++
    this.stopWatch()
    this.retryTimer?.cancel()
  }

  /** Abandons the current list/watch and runs the next step after delay ms (0: on the next microtask). */
  private restart(next: 'list' | 'watch', delay: number): void {
    const generation = ++this.generation
    this.stopWatch()
    this.retryTimer?.cancel()
    const run = (): void => {
      if (generation !== this.generation) return
      if (next === 'list') void this.listThenWatch(generation)
      else this.watch(generation)
    }
    // Deferred even without a delay: restarts are requested from inside watch callbacks.
    if (delay <= 0) queueMicrotask(run)
    else this.retryTimer = this.options.clock.setTimeout(run, delay, { background: true })
  }

  private async listThenWatch(generation: number): Promise<void> {
    const { client, namespace, labelSelector, fieldSelector } = this.options
    let list
    try {
      list = await client.list(namespace, { labelSelector, fieldSelector })
    } catch (error) {
      if (generation !== this.generation) return
      const delay = this.backoff.when('list')
      this.options.logger.warn(`${this.options.label}: list failed, retrying in ${delay} ms: ${errorMessage(error)}`)
      return this.restart('list', delay)
    }
    if (generation !== this.generation) return
    this.backoff.forget('list')
    this.resourceVersion = list.metadata.resourceVersion ?? ''
    this.sink.replace(list.items)
    if (generation === this.generation) this.watch(generation)
  }

  private watch(generation: number): void {
    const { client, namespace, labelSelector, fieldSelector } = this.options
    let watcher: Watcher
    try {
      watcher = client.watch(
        namespace,
        { resourceVersion: this.resourceVersion, labelSelector, fieldSelector, allowWatchBookmarks: true },
        (event) => this.onEvent(generation, event)
      )
    } catch (error) {
      if (generation !== this.generation) return
      if (isExpired(error)) return this.restart('list', 0)
      const delay = this.backoff.when('watch')
      this.options.logger.warn(`${this.options.label}: watch failed, retrying in ${delay} ms: ${errorMessage(error)}`)
      return this.restart('watch', delay)
    }
    // The watch may have replayed an ERROR synchronously, superseding itself already.
    if (generation !== this.generation) watcher.stop()
    else this.watcher = watcher
  }

  private onEvent(generation: number, event: WatchEvent<T>): void {
    if (generation !== this.generation) return
    const obj = event.object
    if (event.type === 'ERROR') return this.onError(obj as unknown as Status)
    this.resourceVersion = metaOf(obj).resourceVersion ?? this.resourceVersion
    if (event.type === 'BOOKMARK') return
    this.backoff.forget('watch')
    if (event.type === 'DELETED') this.sink.remove(obj)
    else this.sink.upsert(obj)
  }

  private onError(status: Status): void {
    if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') return this.restart('list', 0)
    const delay = this.backoff.when('watch')
    this.options.logger.warn(`${this.options.label}: watch error, re-watching in ${delay} ms: ${status.message ?? status.reason ?? 'unknown'}`)
    this.restart('watch', delay)
  }

  private stopWatch(): void {
    const watcher = this.watcher
    this.watcher = undefined
    try {
      watcher?.stop()
    } catch (error) {
      this.options.logger.warn(`${this.options.label}: stopping watch: ${errorMessage(error)}`)
    }
  }
}
