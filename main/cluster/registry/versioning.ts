import type { KubeObject } from '../apimachinery/types'
import { apiVersionOf } from '../apimachinery/types'
import type { ResourceDefinition } from './types'

/**
 * Conversion between a served version and the stored one (as the apiserver
 * converts through its internal version). Most kinds serve one version, and
 * conversion only stamps apiVersion and kind.
 */

/** Converts an incoming object of `version` to the stored version (a copy may be returned; the input may be mutated). */
export function toStored(def: ResourceDefinition, version: string, obj: KubeObject): KubeObject {
  const conv = version === def.version ? undefined : def.versions?.find((v) => v.version === version)
  const out = conv ? conv.toStored(obj) : obj
  out.apiVersion = apiVersionOf(def.group, def.version)
  out.kind = def.kind
  return out
}

/** Converts a stored (frozen) object to `version`; the stored version is returned as is. */
export function fromStored(def: ResourceDefinition, version: string, obj: KubeObject): KubeObject {
  if (version === def.version) return obj
  const conv = def.versions?.find((v) => v.version === version)
  if (!conv) return obj
  const out = conv.fromStored(structuredClone(obj))
  out.apiVersion = apiVersionOf(def.group, version)
  out.kind = def.kind
  return out
}
