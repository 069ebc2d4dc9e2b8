import ipaddr from 'ipaddr.js'

/** The ranges of the three networks (see ARCHITECTURE.md). */
export interface NetworkConfig {
  /** Node IPs: the nodes' NICs. */
  nodeCIDR: string
  /** Pod IPs: split into one podCIDR per node. */
  podCIDR: string
  /** Prefix length of each node's podCIDR. */
  nodePodCIDRMaskSize: number
  /** Cluster IPs of Services. */
  serviceCIDR: string
}

/** What a cluster is made of; fixed when the cluster is first created, kept in its data dir. */
export interface ClusterConfig {
  /** Names the cluster, its kubeconfig context and its default data dir. */
  name: string
  /** Worker nodes created with a new cluster (a control-plane node comes in addition). */
  workers: number
  network: NetworkConfig
}

export const defaultNetwork: NetworkConfig = {
  nodeCIDR: '172.18.0.0/16',
  podCIDR: '10.244.0.0/16',
  nodePodCIDRMaskSize: 24,
  serviceCIDR: '10.96.0.0/12'
}

export function defaultClusterConfig(overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  return { name: 'kubelab', workers: 3, ...overrides, network: { ...defaultNetwork, ...overrides.network } }
}

/** Returns every problem with a config, in words a user can act on (empty when valid). */
export function validateClusterConfig(config: ClusterConfig): string[] {
  const problems: string[] = []
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(config.name) || config.name.length > 63) {
    problems.push(`cluster name "${config.name}" must be a DNS-1123 label (lower-case letters, digits and '-')`)
  }
  if (!Number.isInteger(config.workers) || config.workers < 0 || config.workers > 5000) {
    problems.push(`workers must be a whole number from 0 to 5000 (got ${config.workers})`)
  }
  const ranges: Array<[string, string]> = [
    ['nodeCIDR', config.network.nodeCIDR],
    ['podCIDR', config.network.podCIDR],
    ['serviceCIDR', config.network.serviceCIDR]
  ]
  const parsed: Array<[string, ipaddr.IPv4, number]> = []
  for (const [label, cidr] of ranges) {
    try {
      const [addr, bits] = ipaddr.IPv4.parseCIDR(cidr)
      parsed.push([label, addr, bits])
    } catch {
      problems.push(`${label} "${cidr}" is not an IPv4 CIDR such as 10.244.0.0/16`)
    }
  }
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const [la, a, ab] = parsed[i]
      const [lb, b, bb] = parsed[j]
      if (a.match(b, Math.min(ab, bb))) problems.push(`${la} ${config.network[la as keyof NetworkConfig]} overlaps ${lb} ${config.network[lb as keyof NetworkConfig]}`)
    }
  }
  const podBits = parsed.find(([l]) => l === 'podCIDR')?.[2]
  const mask = config.network.nodePodCIDRMaskSize
  if (podBits !== undefined && (!Number.isInteger(mask) || mask < podBits || mask > 30)) {
    problems.push(`nodePodCIDRMaskSize ${mask} must be between the podCIDR's prefix (${podBits}) and 30`)
  }
  return problems
}

/** The first usable address of the service range: the `kubernetes` Service's ClusterIP (10.96.0.1 by default). */
export function firstServiceIP(serviceCIDR: string): string {
  const [addr] = ipaddr.IPv4.parseCIDR(serviceCIDR)
  const bytes = addr.toByteArray()
  bytes[3] += 1
  return ipaddr.fromByteArray(bytes).toString()
}
