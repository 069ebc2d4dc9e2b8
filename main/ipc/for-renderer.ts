/**
 * An object as the renderer's lists and canvas read it, in `objects/list`
 * and `watch/deltas` (`objects/get` sends it whole):
 *   - without metadata.managedFields, which it never shows (its YAML view
 *     drops them, as `kubectl get -o yaml` does) and which are often the
 *     larger part of an object's bytes. An edit sent back without them keeps
 *     the stored ones, as an update omitting them does.
 *   - a Pod with only the parts of its spec that the lists and views draw
 *     (podForLists). A pod's spec is mostly what its defaults and admission
 *     filled in (tolerations, the service account's projected volume, each
 *     container's termination message path...): half of its bytes, and on a
 *     10,000-pod cluster 15 MB that the page had to receive and parse before
 *     it could draw anything. The inspector reads the selected pod whole,
 *     with `objects/get` (renderer/src/stores/selection.ts).
 */
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1'

type Meta = { metadata: { managedFields?: unknown } }

export function forRenderer<T extends Meta>(object: T): T {
  const kind = (object as { kind?: string }).kind
  const trimmed = kind === 'Pod' && (object as { apiVersion?: string }).apiVersion === 'v1' ? (podForLists(object as unknown as Pod) as unknown as T) : object
  if (!trimmed.metadata.managedFields) return trimmed
  const { managedFields: _dropped, ...metadata } = trimmed.metadata
  return { ...trimmed, metadata }
}

/** A container as the views use it: its name and image (counts, the trace menu's ports). */
const containerForLists = (c: Container): Container => ({ name: c.name, image: c.image, ...(c.ports ? { ports: c.ports } : {}) })

/**
 * The spec fields the renderer reads outside the inspector: where the pod
 * runs (nodeName, hostNetwork), its containers (how many are ready of how
 * many, their ports), and the claims it mounts (the Storage view). Status and
 * metadata go as they are.
 */
export function podForLists(pod: Pod): Pod {
  const spec = pod.spec
  if (!spec) return pod
  const lists: PodSpec = { containers: spec.containers?.map(containerForLists) ?? [] }
  if (spec.initContainers) lists.initContainers = spec.initContainers.map(containerForLists)
  if (spec.nodeName) lists.nodeName = spec.nodeName
  if (spec.hostNetwork) lists.hostNetwork = spec.hostNetwork
  const claims = spec.volumes?.filter((v) => v.persistentVolumeClaim)
  if (claims?.length) lists.volumes = claims
  return { ...pod, spec: lists }
}
