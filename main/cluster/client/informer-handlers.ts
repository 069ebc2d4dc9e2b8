import type { KubeObject } from '../apimachinery/types'
import { errorMessage, type Logger } from './controller-logger'

/** Callbacks for cache changes. They run after the cache was updated, so reading the informer inside them sees the new state. */
export interface EventHandlers<T = KubeObject> {
  onAdd?(obj: T): void
  /** Also called with (obj, obj) on every resync. */
  onUpdate?(oldObj: T, newObj: T): void
  /** Receives the last state of the object (from the watch event, or the cache after a re-list). */
  onDelete?(obj: T): void
}

/**
 * The handlers subscribed to one informer. Each call is isolated: one
 * handler's exception is logged and must not keep the others, or the
 * informer, from moving on.
 */
export class HandlerSet<T> {
  private readonly handlers = new Set<EventHandlers<T>>()

  constructor(
    private readonly label: string,
    private readonly logger: Logger
  ) {}

  /** Subscribes; returns the unsubscribe function. */
  add(handlers: EventHandlers<T>): () => void {
    this.handlers.add(handlers)
    return () => this.handlers.delete(handlers)
  }

  /** Calls onAdd on every handler, or on just one. */
  added(obj: T, only?: EventHandlers<T>): void {
    for (const h of only ? [only] : [...this.handlers]) this.guard('onAdd', () => h.onAdd?.(obj))
  }

  /** Calls onUpdate on every handler. */
  updated(oldObj: T, newObj: T): void {
    for (const h of [...this.handlers]) this.guard('onUpdate', () => h.onUpdate?.(oldObj, newObj))
  }

  /** Calls onDelete on every handler. */
  deleted(obj: T): void {
    for (const h of [...this.handlers]) this.guard('onDelete', () => h.onDelete?.(obj))
  }

  private guard(kind: string, call: () => void): void {
    try {
      call()
    } catch (error) {
      this.logger.error(`${this.label}: ${kind} handler failed: ${errorMessage(error)}`)
    }
  }
}
