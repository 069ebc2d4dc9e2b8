import type { Clock } from '../../clock/types'
import type { Store } from '../../storage/types'
import type { Registry } from '../registry'
import type { ResourceStore } from '../resource-store'
import type { CreateAdmission } from '../types'
import { admissionChain } from './chain'
import { DefaultIngressClassAdmission } from './default-ingress-class'
import { ServiceAccountAdmission } from './service-account'

/** What the admission plugins are configured with. */
export interface AdmissionOptions {
  /** The ServiceAccount plugin (see ResourcesOptions.serviceAccountAdmission). */
  serviceAccountAdmission?: boolean
}

/**
 * Installs kube-apiserver's default admission plugins on the kinds they
 * admit, in the apiserver's order: LimitRanger, ServiceAccount, Priority,
 * DefaultIngressClass, then ResourceQuota last.
 */
export function installAdmission(registry: Registry, store: Store, clock: Clock, forResource: (group: string, plural: string) => ResourceStore | undefined, options: AdmissionOptions): void {
  const plugins = new Map<ResourceStore, CreateAdmission[]>()
  const add = (rs: ResourceStore | undefined, plugin: CreateAdmission) => {
    if (rs) plugins.set(rs, [...(plugins.get(rs) ?? []), plugin])
  }
  const pods = forResource('', 'pods')
  const accounts = registry.resource('', 'serviceaccounts')
  if (options.serviceAccountAdmission && accounts) add(pods, new ServiceAccountAdmission(store, clock, accounts) as CreateAdmission)
  const classes = registry.resource('networking.k8s.io', 'ingressclasses')
  if (classes) add(forResource('networking.k8s.io', 'ingresses'), new DefaultIngressClassAdmission(store, classes) as CreateAdmission)
  for (const [rs, list] of plugins) rs.admission = admissionChain(list)
}
