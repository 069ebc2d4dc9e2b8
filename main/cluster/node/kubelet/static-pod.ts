import type { Node, Pod } from 'kubernetes-types/core/v1'
import { parse } from 'yaml'
import { defaultPodSpec } from '../../registry/kinds/pod-spec'
import { md5Hex } from './ids'

/**
 * Static pods: pods the kubelet runs from manifest files in its node's
 * static pod directory (kubeadm's /etc/kubernetes/manifests), without the
 * API. So that they can be seen, the kubelet writes a mirror pod for each to
 * the API, annotated as one; deleting the mirror deletes nothing that runs.
 */

/** The static pod's hash (its UID), on static and mirror pods. */
export const configHashAnnotation = 'kubernetes.io/config.hash'
/** Marks a mirror pod; its value is the static pod's hash. */
export const configMirrorAnnotation = 'kubernetes.io/config.mirror'
/** Where the pod came from: `file` for static pods, `api` otherwise. */
export const configSourceAnnotation = 'kubernetes.io/config.source'
/** When the kubelet first saw the pod. */
export const configSeenAnnotation = 'kubernetes.io/config.seen'

/** Whether a pod in the API is a mirror pod. */
export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[configMirrorAnnotation] !== undefined
}

/**
 * The static pod a manifest describes, as the kubelet's file source makes it
 * (config/common.go applyDefaults): named `<name>-<node>`, its UID the hash
 * of the manifest, bound to the node, tolerating every NoExecute taint.
 * Throws when the file is not a Pod manifest.
 */
export function staticPodFromManifest(file: string, content: string, nodeName: string, seen: string): Pod {
  const pod = parse(content) as Pod
  if (!pod || typeof pod !== 'object' || pod.kind !== 'Pod' || pod.apiVersion !== 'v1') throw new Error(`${file}: not a v1 Pod manifest`)
  if (!pod.metadata?.name) throw new Error(`${file}: metadata.name is required`)
  if (!pod.spec?.containers?.length) throw new Error(`${file}: spec.containers is required`)
  const hash = md5Hex('static-pod', nodeName, file, content)
  const spec = structuredClone(pod.spec)
  defaultPodSpec(spec)
  spec.nodeName = nodeName
  const tolerations = spec.tolerations ?? []
  if (!tolerations.some((t) => t.operator === 'Exists' && t.effect === 'NoExecute' && !t.key)) spec.tolerations = [...tolerations, { operator: 'Exists', effect: 'NoExecute' }]
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...pod.metadata,
      name: `${pod.metadata.name}-${nodeName.toLowerCase()}`,
      namespace: pod.metadata.namespace || 'default',
      uid: hash,
      annotations: { ...pod.metadata.annotations, [configHashAnnotation]: hash, [configSeenAnnotation]: seen, [configSourceAnnotation]: 'file' }
    },
    spec,
    status: { phase: 'Pending' }
  }
}

/** The mirror pod of a static pod: the same pod, marked as a mirror and owned by its Node. */
export function mirrorPodFor(staticPod: Pod, node: Node): Pod {
  const meta = staticPod.metadata ?? {}
  const hash = meta.uid ?? ''
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      labels: meta.labels,
      annotations: { ...meta.annotations, [configMirrorAnnotation]: hash },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata?.name ?? '', uid: node.metadata?.uid ?? '', controller: true }]
    },
    spec: structuredClone(staticPod.spec)
  }
}
