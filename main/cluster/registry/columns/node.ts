import type { Node, NodeCondition } from 'kubernetes-types/core/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, nameColumn, sortStrings } from './common'
import { docs } from './descriptions'

const labelNodeRolePrefix = 'node-role.kubernetes.io/'
const nodeLabelRole = 'kubernetes.io/role'

/** STATUS: `Ready`, `NotReady` or `Unknown` from the Ready condition, then `SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  // The last condition of a type wins, as in Go's map.
  const byType = new Map<string, NodeCondition>()
  for (const c of node.status?.conditions ?? []) byType.set(c.type ?? '', c)
  const status: string[] = []
  const ready = byType.get('Ready')
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady')
  if (status.length === 0) status.push('Unknown')
  if (node.spec?.unschedulable) status.push('SchedulingDisabled')
  return status.join(',')
}

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted and unique. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(labelNodeRolePrefix)) {
      const role = k.slice(labelNodeRolePrefix.length)
      if (role) roles.add(role)
    } else if (k === nodeLabelRole && v !== '') {
      roles.add(v)
    }
  }
  const text = sortStrings(roles).join(',')
  return text === '' ? '<none>' : text
}

/** The first address of a type, `<none>` when there is none. */
function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>'
}

export const nodeColumns: TableColumn<Node>[] = [
  nameColumn(),
  column('Status', docs.nodeStatus, nodeStatus),
  column('Roles', docs.nodeRoles, nodeRoles),
  ageColumn(),
  column('Version', docs.nodeInfoKubeletVersion, (n) => n.status?.nodeInfo?.kubeletVersion ?? ''),
  column('Internal-IP', docs.nodeStatusAddresses, (n) => address(n, 'InternalIP'), 1),
  column('External-IP', docs.nodeStatusAddresses, (n) => address(n, 'ExternalIP'), 1),
  column('OS-Image', docs.nodeInfoOSImage, (n) => n.status?.nodeInfo?.osImage || '<unknown>', 1),
  column('Kernel-Version', docs.nodeInfoKernelVersion, (n) => n.status?.nodeInfo?.kernelVersion || '<unknown>', 1),
  column('Container-Runtime', docs.nodeInfoContainerRuntimeVersion, (n) => n.status?.nodeInfo?.containerRuntimeVersion || '<unknown>', 1)
]
