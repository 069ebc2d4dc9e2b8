import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Secret, Service } from 'kubernetes-types/core/v1'
import type { Informer } from '../client/informer'
import type { SharedInformerFactory } from '../client/informer-factory'
import { linkedServices, serviceEnv } from './programs/service-env'

/**
 * What every kubelet of the process reads to build containers' environments:
 * Services (for their variables), ConfigMaps and Secrets, through shared
 * informers, as the kubelet's service lister and its ConfigMap and Secret
 * managers read them, and claims with their volumes (whose storage a
 * mounted claim shows). A namespace's Service variables are computed once and
 * shared by its containers until a Service changes.
 */
export class ClusterEnvSources {
  private readonly services: Informer<Service>
  private readonly configMaps: Informer<ConfigMap>
  private readonly secrets: Informer<Secret>
  private readonly claims: Informer<PersistentVolumeClaim>
  private readonly volumes: Informer<PersistentVolume>
  private readonly serviceEnvs = new Map<string, Readonly<Record<string, string>>>()
  private readonly unsubscribe: () => void

  constructor(informers: SharedInformerFactory) {
    this.services = informers.informerFor<Service>({ group: '', version: 'v1', resource: 'services' })
    this.configMaps = informers.informerFor<ConfigMap>({ group: '', version: 'v1', resource: 'configmaps' })
    this.secrets = informers.informerFor<Secret>({ group: '', version: 'v1', resource: 'secrets' })
    this.claims = informers.informerFor<PersistentVolumeClaim>({ group: '', version: 'v1', resource: 'persistentvolumeclaims' })
    this.volumes = informers.informerFor<PersistentVolume>({ group: '', version: 'v1', resource: 'persistentvolumes' })
    const forget = (): void => this.serviceEnvs.clear()
    this.unsubscribe = this.services.addEventHandler({ onAdd: forget, onUpdate: forget, onDelete: forget })
  }

  /** Resolves once the caches hold what the API holds. */
  async ready(): Promise<void> {
    await Promise.all([this.services, this.configMaps, this.secrets, this.claims, this.volumes].map((i) => i.waitForSync()))
  }

  stop(): void {
    this.unsubscribe()
  }

  serviceEnv(namespace: string, enableServiceLinks: boolean): Readonly<Record<string, string>> {
    const key = `${enableServiceLinks ? '+' : '-'}${namespace}`
    let env = this.serviceEnvs.get(key)
    if (!env) {
      env = Object.freeze(serviceEnv(linkedServices(this.services.list(), namespace, enableServiceLinks)))
      this.serviceEnvs.set(key, env)
    }
    return env
  }

  configMap(namespace: string, name: string): ConfigMap | undefined {
    return this.configMaps.getByName(namespace, name)
  }

  secret(namespace: string, name: string): Secret | undefined {
    return this.secrets.getByName(namespace, name)
  }

  claimedVolumeUID(namespace: string, claim: string): string | undefined {
    const volumeName = this.claims.getByName(namespace, claim)?.spec?.volumeName
    return volumeName ? this.volumes.getByName(undefined, volumeName)?.metadata?.uid : undefined
  }
}
