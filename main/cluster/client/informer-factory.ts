import type { GroupVersionResource, KubeObject } from '../apimachinery/types'
import type { Clock } from '../clock/types'
import type { Client } from './types'
import { Informer } from './informer'
import type { ObjectWithMeta } from './indexer-keys'
import { silentLogger, type Logger } from './controller-logger'

export interface SharedInformerFactoryOptions {
  client: Client
  /** The one cluster clock: informers' resyncs and retries, and the controllers' workqueues, run on it. */
  clock: Clock
  /** Resync period for every informer (ms); 0 or undefined: no resync. */
  resyncPeriod?: number
  logger?: Logger
}

/** Which informer: one resource, optionally one namespace. */
export interface InformerScope {
  /** Undefined: every namespace. */
  namespace?: string
}

/**
 * Hands out one informer per resource (and namespace), so every controller
 * watching pods shares one watch and one cache, as client-go's
 * SharedInformerFactory does. Informers created after start() start at once.
 */
export class SharedInformerFactory {
  /** The clock every informer and controller of this factory uses. */
  readonly clock: Clock
  readonly logger: Logger
  private readonly informers = new Map<string, Informer>()
  private started = false
  private stopped = false

  constructor(private readonly options: SharedInformerFactoryOptions) {
    this.clock = options.clock
    this.logger = options.logger ?? silentLogger
  }

  /** The shared informer for a resource. */
  informerFor<T extends ObjectWithMeta = KubeObject>(gvr: GroupVersionResource, scope: InformerScope = {}): Informer<T> {
    const id = `${gvr.group}/${gvr.version}/${gvr.resource}@${scope.namespace ?? ''}`
    let informer = this.informers.get(id)
    if (!informer) {
      informer = new Informer<KubeObject>({
        client: this.options.client.resource(gvr),
        clock: this.clock,
        namespace: scope.namespace,
        resyncPeriod: this.options.resyncPeriod,
        name: gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource,
        logger: this.logger
      })
      this.informers.set(id, informer)
      if (this.started && !this.stopped) informer.start()
    }
    return informer as unknown as Informer<T>
  }

  /** Starts every informer created so far, and any created later. */
  start(): void {
    if (this.stopped) return
    this.started = true
    for (const informer of this.informers.values()) informer.start()
  }

  /** Resolves true once every informer created so far has synced; false if one stops first. */
  async waitForCacheSync(): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync()))
    return results.every(Boolean)
  }

  /** Stops every informer. */
  stop(): void {
    this.stopped = true
    for (const informer of this.informers.values()) informer.stop()
  }
}
