import type { GroupVersionResource } from '../apimachinery/types'
import type { Clock } from '../clock/types'
import type { Store } from '../storage/types'
import { defaultNetwork } from '../config/cluster-config'
import { ServiceAllocator } from '../network/service-allocation'
import type { PortRange } from '../network/port-allocator'
import { listPrefix } from './keys'
import { NamespaceLifecycle } from './namespace-lifecycle'
import { Registry } from './registry'
import { ResourceStore } from './resource-store'
import type { CreateAnswerer, ReadAnswerer, WriteHooks } from './types'
import { installAdmission } from './admission/plugins'

/** What the apiserver is configured with beyond its kinds. */
export interface ResourcesOptions {
  /** --service-cluster-ip-range; default 10.96.0.0/12. */
  serviceCIDR?: string
  /** --service-node-port-range; default 30000-32767. */
  nodePorts?: PortRange
  /**
   * The ServiceAccount admission plugin on pods (on in kube-apiserver by
   * default). It needs the service account controller that makes each
   * namespace's `default` account: a cluster running without that controller
   * turns it off, as such a real cluster would (--disable-admission-plugins).
   */
  serviceAccountAdmission?: boolean
}

/**
 * Every served resource's pipeline over one store: what the in-process client
 * and the HTTP API both call.
 */
export class Resources {
  private readonly stores = new Map<string, ResourceStore>()
  /** ClusterIP and NodePort allocation of the services pipeline. */
  readonly serviceAllocator: ServiceAllocator

  constructor(
    readonly registry: Registry,
    readonly store: Store,
    readonly clock: Clock,
    options: ResourcesOptions = {}
  ) {
    const gate = new NamespaceLifecycle(store)
    const services = registry.resource('', 'services')
    this.serviceAllocator = new ServiceAllocator({
      serviceCIDR: options.serviceCIDR ?? defaultNetwork.serviceCIDR,
      nodePorts: options.nodePorts,
      listServices: () => (services ? store.list(listPrefix(services, undefined)).items : [])
    })
    for (const def of registry.definitions) {
      const hooks: WriteHooks | undefined = def === services ? this.serviceAllocator.hooks() : undefined
      this.stores.set(`${def.group}/${def.plural}`, new ResourceStore(def, store, clock, gate, hooks))
    }
    installAdmission(registry, store, clock, (group, plural) => this.forResource(group, plural), options)
  }

  /** The pipeline for group + plural, or undefined when not served. */
  forResource(group: string, plural: string): ResourceStore | undefined {
    return this.stores.get(`${group}/${plural}`)
  }

  /** Sets what answers creates of a create-only kind (group + plural). */
  answerCreates(group: string, plural: string, answerer: CreateAnswerer): void {
    const rs = this.forResource(group, plural)
    if (!rs?.def.createOnly) throw new Error(`${plural}.${group} is not a create-only kind`)
    rs.answerer = answerer
  }

  /** Sets what computes the objects of a computed kind (group + plural). */
  answerReads(group: string, plural: string, reader: ReadAnswerer): void {
    const rs = this.forResource(group, plural)
    if (!rs?.def.computed) throw new Error(`${plural}.${group} is not a computed kind`)
    rs.reader = reader
  }

  /** The pipeline for a group-version-resource; undefined when that version is not served. */
  forGVR(gvr: GroupVersionResource): ResourceStore | undefined {
    return this.registry.gvr(gvr) ? this.forResource(gvr.group, gvr.resource) : undefined
  }
}
