import type { ConfigMap, Node, Pod, Secret } from 'kubernetes-types/core/v1'
import type { ClusterEnvSources } from '../env-sources'
import type { EnvSources } from '../programs'
import type { PodRuntimeAddresses } from '../programs/downward-env'

/** What a pod's environment needs from its kubelet. */
export interface PodEnvHost {
  /** The Node object as the kubelet last saw it. */
  readonly currentNode: Node
  /** The node's InternalIP. */
  hostIP(): string
  /** The pod's IP, as the runtime knows it (the API may not have it yet). */
  podIPOf(key: string): string | undefined
}

/**
 * Where one pod's containers build their environments from: the cluster's
 * objects (shared by the process's kubelets), its node, its sandbox. One
 * object with methods, made on every container start and config check.
 */
export class PodEnvSources implements EnvSources {
  constructor(
    private readonly shared: ClusterEnvSources | undefined,
    private readonly host: PodEnvHost,
    /** The pod's worker key. */
    private readonly key: string
  ) {}

  serviceEnv(namespace: string, enableServiceLinks: boolean): Readonly<Record<string, string>> {
    return this.shared?.serviceEnv(namespace, enableServiceLinks) ?? {}
  }

  configMap(namespace: string, name: string): ConfigMap | undefined {
    return this.shared?.configMap(namespace, name)
  }

  secret(namespace: string, name: string): Secret | undefined {
    return this.shared?.secret(namespace, name)
  }

  allocatable(): Record<string, string> {
    return this.host.currentNode.status?.allocatable ?? {}
  }

  claimedVolumeUID(namespace: string, claim: string): string | undefined {
    return this.shared?.claimedVolumeUID(namespace, claim)
  }

  addresses(_pod: Pod): PodRuntimeAddresses {
    const podIP = this.host.podIPOf(this.key)
    return { podIPs: podIP ? [podIP] : [], hostIPs: [this.host.hostIP()] }
  }
}
