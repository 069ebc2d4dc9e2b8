import type { Clock } from '../../clock/types'
import type { Store } from '../../storage/types'
import type { Registry } from '../registry'
import type { ResourceStore } from '../resource-store'
import type { CreateAdmission } from '../types'
import { admissionChain } from './chain'
import { DefaultIngressClassAdmission } from './default-ingress-class'
import { CertificateSubjectRestrictionAdmission } from './certificate-subject-restriction'
import { LimitRangerAdmission } from './limit-ranger'
import { PriorityClassAdmission, PriorityPodAdmission } from './priority'
import { ResourceQuotaAdmission } from './resource-quota'
import { ServiceAccountAdmission } from './service-account'

/** What the admission plugins are configured with. */
export interface AdmissionOptions {
  /** The ServiceAccount plugin (see ResourcesOptions.serviceAccountAdmission). */
  serviceAccountAdmission?: boolean
}

/**
 * Installs kube-apiserver's default admission plugins on the kinds they
 * admit, in the apiserver's order: LimitRanger, ServiceAccount, Priority,
 * DefaultIngressClass, CertificateSubjectRestriction, then ResourceQuota last.
 */
export function installAdmission(registry: Registry, store: Store, clock: Clock, forResource: (group: string, plural: string) => ResourceStore | undefined, options: AdmissionOptions): void {
  const plugins = new Map<ResourceStore, CreateAdmission[]>()
  const add = (rs: ResourceStore | undefined, plugin: CreateAdmission) => {
    if (rs) plugins.set(rs, [...(plugins.get(rs) ?? []), plugin])
  }
  const pods = forResource('', 'pods')
  const limitRanges = registry.resource('', 'limitranges')
  if (limitRanges) add(pods, new LimitRangerAdmission(store, limitRanges) as CreateAdmission)
  const accounts = registry.resource('', 'serviceaccounts')
  if (options.serviceAccountAdmission && accounts) add(pods, new ServiceAccountAdmission(store, clock, accounts) as CreateAdmission)
  const priorityClasses = registry.resource('scheduling.k8s.io', 'priorityclasses')
  if (priorityClasses) {
    add(pods, new PriorityPodAdmission(store, priorityClasses) as CreateAdmission)
    add(forResource('scheduling.k8s.io', 'priorityclasses'), new PriorityClassAdmission(store, priorityClasses))
  }
  const classes = registry.resource('networking.k8s.io', 'ingressclasses')
  if (classes) add(forResource('networking.k8s.io', 'ingresses'), new DefaultIngressClassAdmission(store, classes) as CreateAdmission)
  add(forResource('certificates.k8s.io', 'certificatesigningrequests'), new CertificateSubjectRestrictionAdmission())
  const quotaDef = registry.resource('', 'resourcequotas')
  const quotas = forResource('', 'resourcequotas')
  if (quotaDef && quotas) {
    for (const def of registry.definitions) {
      if (def.namespaced && !def.createOnly && !def.computed) add(forResource(def.group, def.plural), new ResourceQuotaAdmission(def, store, quotaDef, quotas))
    }
  }
  for (const [rs, list] of plugins) rs.admission = admissionChain(list)
}
