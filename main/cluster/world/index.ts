import type { Clock } from '../clock/types'
import { MemoryContainerLogs } from './container-logs'
import { ProcessTable } from './container-processes'
import { ContainerFileSystems } from './container-files'
import { ExecCommandTable } from './exec-commands'
import type { World } from './types'
import { ProxyRuleStore } from '../network/kube-proxy/rule-store'
import { CoreDns } from '../network/dns/cluster-dns'

export type { World } from './types'

/** The simulated world of one cluster, concrete: the node and network components fill and use it. */
export interface ClusterWorld extends World {
  readonly logs: MemoryContainerLogs
  readonly processes: ProcessTable
  readonly commands: ExecCommandTable
  readonly proxyRules: ProxyRuleStore
  readonly dns: CoreDns
  /** Containers' files: their image's and their volumes' (the nodes component provides them). */
  readonly files: ContainerFileSystems
}

export function createWorld(clock: Clock): ClusterWorld {
  return {
    logs: new MemoryContainerLogs(() => clock.now()),
    processes: new ProcessTable(() => clock.now()),
    commands: new ExecCommandTable(),
    proxyRules: new ProxyRuleStore(),
    dns: new CoreDns(),
    files: new ContainerFileSystems()
  }
}
