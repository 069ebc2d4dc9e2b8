import { describe, expect, it } from 'vitest'
import type { Node, NodeStatus } from 'kubernetes-types/core/v1'
import { nodeColumns } from '../../../../main/cluster/registry/columns/node'
import { nodeDefinition } from '../../../../main/cluster/registry/kinds/node'
import { ago, day, headers, narrowRow, row } from './helpers'

function node(name: string, status: NodeStatus = {}, extra: Partial<Node> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, status, ...extra }
}

describe('node columns', () => {
  it('are the node columns of Kubernetes 1.32', () => {
    expect(headers(nodeColumns)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*'])
    expect(nodeDefinition.tableColumns).toBe(nodeColumns)
  })

  // TestPrintNodeStatus
  it.each<[Node, unknown[]]>([
    [node('foo1', { conditions: [{ type: 'Ready', status: 'True' }] }), ['foo1', 'Ready', '<none>', '<unknown>', '']],
    [node('foo2', { conditions: [{ type: 'Ready', status: 'True' }] }, { spec: { unschedulable: true } }), ['foo2', 'Ready,SchedulingDisabled', '<none>', '<unknown>', '']],
    [node('foo3', { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'True' }] }), ['foo3', 'Ready', '<none>', '<unknown>', '']],
    [node('foo4', { conditions: [{ type: 'Ready', status: 'False' }] }), ['foo4', 'NotReady', '<none>', '<unknown>', '']],
    [node('foo5', { conditions: [{ type: 'Ready', status: 'False' }] }, { spec: { unschedulable: true } }), ['foo5', 'NotReady,SchedulingDisabled', '<none>', '<unknown>', '']],
    [node('foo6', { conditions: [{ type: 'InvalidValue', status: 'True' }] }), ['foo6', 'Unknown', '<none>', '<unknown>', '']],
    [node('foo7', { conditions: [{ type: '', status: '' }] }), ['foo7', 'Unknown', '<none>', '<unknown>', '']],
    [node('foo8', { conditions: [{ type: 'InvalidValue', status: 'True' }] }, { spec: { unschedulable: true } }), ['foo8', 'Unknown,SchedulingDisabled', '<none>', '<unknown>', '']],
    [node('foo9', { conditions: [{ type: 'Ready', status: 'Unknown' }] }), ['foo9', 'NotReady', '<none>', '<unknown>', '']],
    [node('127.0.0.1'), ['127.0.0.1', 'Unknown', '<none>', '<unknown>', '']]
  ])('status of %#', (n, expected) => {
    expect(narrowRow(nodeColumns, n)).toEqual(expected)
  })

  // TestPrintNodeRole
  it.each<[Record<string, string> | undefined, string]>([
    [undefined, '<none>'],
    [{ 'node-role.kubernetes.io/master': '', 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/proxy': '', 'kubernetes.io/role': 'node' }, 'control-plane,master,node,proxy'],
    [{ 'kubernetes.io/role': 'node' }, 'node'],
    [{ 'node-role.kubernetes.io/': 'x', 'kubernetes.io/role': '' }, '<none>'],
    [{ 'node-role.kubernetes.io/worker': 'true', 'kubernetes.io/role': 'worker' }, 'worker']
  ])('roles from %j', (labels, roles) => {
    expect(nodeColumns[2].cell(node('n', {}, { metadata: { name: 'n', labels } }), 0)).toBe(roles)
  })

  // TestPrintNodeOSImage, KernelVersion, ContainerRuntimeVersion, ExternalIP, InternalIP
  it.each<[NodeStatus, unknown[]]>([
    [{ nodeInfo: { osImage: 'fake-os-image' } as NodeStatus['nodeInfo'], addresses: [{ type: 'ExternalIP', address: '1.1.1.1' }] }, ['<none>', '1.1.1.1', 'fake-os-image', '<unknown>', '<unknown>']],
    [{ nodeInfo: { kernelVersion: 'fake-kernel-version' } as NodeStatus['nodeInfo'], addresses: [{ type: 'ExternalIP', address: '1.1.1.1' }] }, ['<none>', '1.1.1.1', '<unknown>', 'fake-kernel-version', '<unknown>']],
    [{ nodeInfo: { containerRuntimeVersion: 'foo://1.2.3' } as NodeStatus['nodeInfo'], addresses: [{ type: 'ExternalIP', address: '1.1.1.1' }] }, ['<none>', '1.1.1.1', '<unknown>', '<unknown>', 'foo://1.2.3']],
    [{ addresses: [{ type: 'InternalIP', address: '1.1.1.1' }] }, ['1.1.1.1', '<none>', '<unknown>', '<unknown>', '<unknown>']],
    [
      { addresses: [{ type: 'ExternalIP', address: '2.2.2.2' }, { type: 'InternalIP', address: '3.3.3.3' }, { type: 'ExternalIP', address: '4.4.4.4' }] },
      ['3.3.3.3', '2.2.2.2', '<unknown>', '<unknown>', '<unknown>']
    ],
    [
      { addresses: [{ type: 'InternalIP', address: '2.2.2.2' }, { type: 'ExternalIP', address: '3.3.3.3' }, { type: 'InternalIP', address: '4.4.4.4' }] },
      ['2.2.2.2', '3.3.3.3', '<unknown>', '<unknown>', '<unknown>']
    ]
  ])('wide cells of %#', (status, expected) => {
    expect(row(nodeColumns, node('foo1', status)).slice(5)).toEqual(expected)
  })

  it('shows a registered node as kubectl does', () => {
    const n = node(
      'node-1',
      {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'node-1' }],
        nodeInfo: {
          kubeletVersion: 'v1.32.0',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0-18-amd64',
          containerRuntimeVersion: 'containerd://1.7.13',
          architecture: 'amd64',
          bootID: '',
          kubeProxyVersion: '',
          machineID: '',
          operatingSystem: 'linux',
          systemUUID: ''
        }
      },
      { metadata: { name: 'node-1', creationTimestamp: ago(3 * day), labels: { 'node-role.kubernetes.io/control-plane': '' } } }
    )
    expect(row(nodeColumns, n)).toEqual(['node-1', 'Ready', 'control-plane', '3d', 'v1.32.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'containerd://1.7.13'])
  })
})
