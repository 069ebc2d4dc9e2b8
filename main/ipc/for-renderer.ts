/**
 * An object as the renderer reads it: without metadata.managedFields, which
 * it never shows (its YAML view drops them, as `kubectl get -o yaml` does)
 * and which are often the larger part of a pod's bytes. An edit sent back
 * without them keeps the stored ones, as an update omitting them does.
 */
export function forRenderer<T extends { metadata: { managedFields?: unknown } }>(object: T): T {
  if (!object.metadata.managedFields) return object
  const { managedFields: _dropped, ...metadata } = object.metadata
  return { ...object, metadata }
}
