import type { Pod } from 'kubernetes-types/core/v1'

/**
 * The hostname a pod's containers see, as the kubelet sets the UTS
 * namespace (GeneratePodHostNameAndDomain): a host-network pod shares the
 * node's, which for a simulated node is its name; otherwise spec.hostname,
 * else the pod's name cut to 63 characters with no trailing `-` or `.`.
 */
export function podHostname(pod: Pod): string {
  if (pod.spec?.hostNetwork) return pod.spec.nodeName ?? ''
  if (pod.spec?.hostname) return pod.spec.hostname
  const name = pod.metadata?.name ?? ''
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-.]+$/, '')
}
