import type { GroupVersionResource } from '../apimachinery/types'
import type { Client, ResourceClient } from './types'
import type { InformerScope, SharedInformerFactory } from './informer-factory'
import type { Informer } from './informer'
import type { EventHandlers } from './informer-handlers'
import type { ObjectWithMeta } from './indexer-keys'
import type { Logger } from './controller-logger'
import type { EventRecorder, EventSource } from './event-recorder'
import type { RateLimiter } from './rate-limiter'
import { Controller, type ControllerDefinition } from './controller'

/** What a controller is wired from (a component's context has all of it). */
export interface ControllerContext {
  client: Client
  informers: SharedInformerFactory
  logger: Logger
  events(source: EventSource): EventRecorder
}

/** A ControllerDefinition whose name defaults to the component's, with its retry delays (default: the harness's). */
export type ControllerSpec = Omit<ControllerDefinition, 'name'> & { name?: string; rateLimiter?: RateLimiter }

/**
 * The wiring every kube-controller-manager controller repeats, written
 * once: an event recorder reporting as the controller, the reconcile
 * harness's controllers over the shared informers, and bookkeeping handlers
 * that must see each change before any worker runs (expectations, trackers).
 * start() subscribes the handlers and starts the controllers (each waits for
 * its caches); stop() undoes both and waits for the events in flight.
 * Controllers extend it, or build one and hand it out as their component.
 */
export class ControllerComponent<C extends ControllerContext = ControllerContext> {
  /** Events reported as this controller (`source.component` is its name). */
  readonly events: EventRecorder
  private readonly controllers: Controller[] = []
  private readonly subscriptions: Array<() => () => void> = []
  private readonly unsubscribers: Array<() => void> = []

  constructor(
    protected readonly ctx: C,
    readonly name: string
  ) {
    this.events = ctx.events({ component: name })
  }

  /** The shared informer of a resource: the controller's cache of it. */
  informer<T extends ObjectWithMeta>(resource: GroupVersionResource, scope?: InformerScope): Informer<T> {
    return this.ctx.informers.informerFor<T>(resource, scope)
  }

  /** The client the controller writes a resource with. */
  resourceClient<T>(resource: GroupVersionResource): ResourceClient<T> {
    return this.ctx.client.resource<T>(resource)
  }

  /** A controller run by the reconcile harness, started and stopped with this component. */
  controller(spec: ControllerSpec): Controller {
    const { rateLimiter, ...definition } = spec
    const controller = new Controller({ name: this.name, ...definition }, { factory: this.ctx.informers, logger: this.ctx.logger, rateLimiter })
    this.controllers.push(controller)
    return controller
  }

  /** Handlers on an informer for as long as the component runs, subscribed before its controllers start. */
  handle<T extends ObjectWithMeta>(informer: Informer<T>, handlers: EventHandlers<T>): void {
    this.subscriptions.push(() => informer.addEventHandler(handlers))
  }

  async start(): Promise<void> {
    if (this.unsubscribers.length === 0) for (const subscribe of this.subscriptions) this.unsubscribers.push(subscribe())
    await Promise.all(this.controllers.map((c) => c.start()))
  }

  /** Stops the workers (the shared informers keep running for others), then waits for the events recorded so far. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe()
    await Promise.all(this.controllers.map((c) => c.stop()))
    await this.events.flush()
  }
}
