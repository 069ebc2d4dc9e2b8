import { describe, expect, it } from 'vitest'
import type { ContainerPort } from 'kubernetes-types/core/v1'
import { filterResult, makeNode, makePod } from '../helpers'

const conflict = "Unschedulable: node(s) didn't have free ports for the requested pod ports"

function withPorts(name: string, ports: ContainerPort[], nodeName?: string) {
  return makePod(name, { containers: [{ name: 'c', image: 'x', ports }], nodeName })
}

describe('NodePorts Filter', () => {
  it.each<[string, ContainerPort[], ContainerPort[], string]>([
    ['no host ports asked', [{ containerPort: 80 }], [{ containerPort: 80, hostPort: 80 }], 'fits'],
    ['the same port taken', [{ containerPort: 80, hostPort: 8080 }], [{ containerPort: 80, hostPort: 8080 }], conflict],
    ['another port', [{ containerPort: 80, hostPort: 8081 }], [{ containerPort: 80, hostPort: 8080 }], 'fits'],
    ['another protocol', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }], [{ containerPort: 53, hostPort: 53, protocol: 'TCP' }], 'fits'],
    ['protocol left out means TCP', [{ containerPort: 53, hostPort: 53 }], [{ containerPort: 53, hostPort: 53, protocol: 'TCP' }], conflict],
    ['another host IP', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }], [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], 'fits'],
    ['0.0.0.0 takes every address', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }], [{ containerPort: 80, hostPort: 80 }], conflict],
    ['asking for 0.0.0.0 conflicts with any address', [{ containerPort: 80, hostPort: 80 }], [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], conflict]
  ])('%s', (_name, wanted, used, expected) => {
    expect(filterResult('NodePorts', withPorts('p', wanted), makeNode('n'), [withPorts('a', used, 'n')])).toBe(expected)
  })

  it('frees the port when the pod holding it is gone', () => {
    expect(filterResult('NodePorts', withPorts('p', [{ containerPort: 80, hostPort: 80 }]), makeNode('n'), [])).toBe('fits')
  })
})
