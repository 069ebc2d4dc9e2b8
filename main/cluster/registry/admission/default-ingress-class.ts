import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1'
import type { Store } from '../../storage/types'
import { listPrefix } from '../keys'
import type { CreateAdmission, ResourceDefinition } from '../types'
import { ingressClassAnnotation } from '../kinds/ingress'
import { defaultClassAnnotation } from '../kinds/ingressclass'

/**
 * The DefaultIngressClass admission plugin (plugin/pkg/admission/network/defaultingressclass):
 * an Ingress created without a class, by field or by the old annotation,
 * gets the class annotated `ingressclass.kubernetes.io/is-default-class:
 * "true"`; when several are, the newest.
 */
export class DefaultIngressClassAdmission implements CreateAdmission<Ingress> {
  constructor(
    private readonly store: Store,
    private readonly classes: ResourceDefinition
  ) {}

  admitCreate(ing: Ingress): void {
    if (ing.spec?.ingressClassName || ing.metadata?.annotations?.[ingressClassAnnotation] !== undefined) return
    const defaults = (this.store.list(listPrefix(this.classes, undefined)).items as IngressClass[]).filter(
      (c) => c.metadata?.annotations?.[defaultClassAnnotation] === 'true'
    )
    if (!defaults.length) return
    const newest = defaults.reduce((a, b) => ((b.metadata?.creationTimestamp ?? '') > (a.metadata?.creationTimestamp ?? '') ? b : a))
    ing.spec = { ...ing.spec, ingressClassName: newest.metadata!.name }
  }
}
