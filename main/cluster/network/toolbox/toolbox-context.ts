import type { Pod } from 'kubernetes-types/core/v1'
import type { NetworkModel } from '../trace/network-model'
import type { ClusterDns } from '../dns/types'
import type { ProxyRules } from '../kube-proxy/types'
import type { ContainerFiles, ContainerLogs, ContainerProcesses } from '../../world/types'

/** What the toolbox's programs use: the trace engine and its index, and the world's data plane. */
export interface ToolboxContext {
  model: NetworkModel
  dns: ClusterDns
  proxyRules: ProxyRules
  processes: ContainerProcesses
  /** Where servers answering a request write their log lines. */
  logs: Pick<ContainerLogs, 'write'>
  /** Containers' file systems (servers that serve files read them). */
  files?: { of(pod: Pod, container: string): ContainerFiles | undefined }
  /** The cluster's pod network (10.244.0.0/16) and node network (172.18.0.0/16). */
  podCIDR: string
  nodeCIDR: string
  /** Cluster time now (ms). */
  now(): number
}

export const podRef = (pod: Pod): string => `${pod.metadata?.namespace}/${pod.metadata?.name}`
