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
  /**
   * Replaced, never mutated, on subscribe and unsubscribe: a dispatch walks
   * the list as it was when the change arrived, without copying it for
   * every event.
   */
  private handlers: readonly EventHandlers<T>[] = []

  constructor(
    private readonly label: string,
    private readonly logger: Logger
  ) {}

  /** Subscribes; returns the unsubscribe function. */
  add(handlers: EventHandlers<T>): () => void {
    if (!this.handlers.includes(handlers)) this.handlers = [...this.handlers, handlers]
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handlers)
    }
  }

  /** Calls onAdd on every handler, or on just one. */
  added(obj: T, only?: EventHandlers<T>): void {
    for (const h of only ? [only] : this.handlers) {
      try {
        h.onAdd?.(obj)
      } catch (error) {
        this.failed('onAdd', error)
      }
    }
  }

  /** Calls onUpdate on every handler. */
  updated(oldObj: T, newObj: T): void {
    for (const h of this.handlers) {
      try {
        h.onUpdate?.(oldObj, newObj)
      } catch (error) {
        this.failed('onUpdate', error)
      }
    }
  }

  /** Calls onDelete on every handler. */
  deleted(obj: T): void {
    for (const h of this.handlers) {
      try {
        h.onDelete?.(obj)
      } catch (error) {
        this.failed('onDelete', error)
      }
    }
  }

  private failed(kind: string, error: unknown): void {
    this.logger.error(`${this.label}: ${kind} handler failed: ${errorMessage(error)}`)
  }
}
