import type { GroupVersionKind } from '../../apimachinery/types'

/**
 * The structural schema model of the served kinds: one TypeDef per named
 * Kubernetes type (`io.k8s.api.core.v1.Pod`), as generated from the
 * `kubernetes-types` declarations by generate.ts plus the hand overlay for
 * fields newer than that package. It is what strict field validation walks
 * and what the OpenAPI documents are rendered from.
 */

/** Integer and string formats, as Kubernetes' OpenAPI names them. */
export type SchemaFormat = 'int32' | 'int64' | 'double' | 'byte' | 'date-time'

/** The type of one value: a scalar, a list, a map (string keys) or a named type. */
export type SchemaNode =
  | { type: 'string'; format?: SchemaFormat }
  | { type: 'integer'; format?: SchemaFormat }
  | { type: 'number'; format?: SchemaFormat }
  | { type: 'boolean' }
  | { type: 'array'; items: SchemaNode }
  | { type: 'object'; additionalProperties: SchemaNode }
  | { ref: string }

/** A field of a named type: its value type and its documentation. */
export type PropertyNode = SchemaNode & { description?: string }

/**
 * How a type with its own JSON form (a custom UnmarshalJSON in Go) reads:
 * strict decoding never looks inside it.
 */
export type OpaqueForm = 'quantity' | 'int-or-string' | 'date-time' | 'object'

/** One named type. */
export interface TypeDef {
  description?: string
  /** For top-level kinds (and their lists): the group/version/kind they serialize as. */
  gvk?: GroupVersionKind[]
  /** Fields, by JSON name, in alphabetical order. */
  properties?: Record<string, PropertyNode>
  /** Fields that are not optional. */
  required?: string[]
  /** Set for the types with their own JSON form (Quantity, Time, IntOrString, RawExtension...). */
  opaque?: OpaqueForm
}

/** The whole model. */
export interface SchemaModel {
  /** Where it came from, e.g. `kubernetes-types 1.30.0`. */
  source: string
  types: Record<string, TypeDef>
}

/** Kubernetes' definition-name prefix of each kubernetes-types module (`core/v1` -> `io.k8s.api.core.v1`). */
export function definitionPrefix(module: string): string {
  switch (module) {
    case 'meta/v1':
      return 'io.k8s.apimachinery.pkg.apis.meta.v1'
    case 'api/resource':
      return 'io.k8s.apimachinery.pkg.api.resource'
    case 'runtime':
      return 'io.k8s.apimachinery.pkg.runtime'
    case 'util/intstr':
      return 'io.k8s.apimachinery.pkg.util.intstr'
    case 'apiextensions/v1':
      return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1'
    case 'apiregistration/v1':
      return 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1'
    case 'metrics/v1beta1':
      return 'io.k8s.metrics.pkg.apis.metrics.v1beta1'
    default:
      return `io.k8s.api.${module.replace('/', '.')}`
  }
}

/** The kubernetes-types module of an API group and version: `apps`,`v1` -> `apps/v1`; core and `*.k8s.io` groups by their first label. */
export function moduleOf(group: string, version: string): string {
  const pkg = group === '' ? 'core' : group.split('.')[0]
  return `${pkg}/${version}`
}

/** The definition name of a kind: `{group:'apps', version:'v1', kind:'Deployment'}` -> `io.k8s.api.apps.v1.Deployment`. */
export function definitionName(gvk: GroupVersionKind): string {
  return `${definitionPrefix(moduleOf(gvk.group, gvk.version))}.${gvk.kind}`
}

/** Well-known definition names. */
export const defs = {
  objectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  listMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
  status: 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  deleteOptions: 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  watchEvent: 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
  patch: 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  apiResourceList: 'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList',
  scale: 'io.k8s.api.autoscaling.v1.Scale',
  intOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity'
} as const
