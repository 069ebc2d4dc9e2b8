import type { GroupVersionKind } from '../../apimachinery/types'
import generated from './generated/kube-schemas.json'
import { type SchemaModel, type TypeDef, definitionName } from './model'
import { applyOverlay, overlay132 } from './overlay'
import { kubelabTypes } from './kubelab-types'
import { metricsTypes } from './metrics-types'
import { apiregistrationTypes } from './apiregistration-types'

/**
 * The schema model of the served kinds, as Kubernetes 1.32 has them: the
 * generated model (generated/kube-schemas.json, from kubernetes-types) with
 * the 1.31/1.32 overlay applied.
 */
export const schemaModel: SchemaModel = applyOverlay(generated as unknown as SchemaModel, overlay132)
// Kubelab's own kinds (kubelab.dev).
Object.assign(schemaModel.types, kubelabTypes)
// metrics.k8s.io, served as an aggregated API.
Object.assign(schemaModel.types, metricsTypes)
// apiregistration.k8s.io, kube-aggregator's own group.
Object.assign(schemaModel.types, apiregistrationTypes)

/** The named type `name` (`io.k8s.api.core.v1.Pod`), or undefined. */
export function typeDef(name: string): TypeDef | undefined {
  return Object.prototype.hasOwnProperty.call(schemaModel.types, name) ? schemaModel.types[name] : undefined
}

/** The definition name of a kind, when the model has it. */
export function schemaNameFor(gvk: GroupVersionKind): string | undefined {
  const name = definitionName(gvk)
  return typeDef(name) ? name : undefined
}

/** The root type of a kind (`{group:'', version:'v1', kind:'Pod'}`), or undefined when the model does not know it. */
export function schemaFor(gvk: GroupVersionKind): TypeDef | undefined {
  return typeDef(definitionName(gvk))
}
