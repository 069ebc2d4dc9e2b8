import { describe, expect, it } from 'vitest'
import type { Service, ServiceSpec, ServiceStatus } from 'kubernetes-types/core/v1'
import { serviceColumns } from '../../../../main/cluster/registry/columns/service'
import { serviceDefinition } from '../../../../main/cluster/registry/kinds/service'
import { ago, headers, minute, narrowRow, row } from './helpers'

function svc(name: string, spec: ServiceSpec, status: ServiceStatus = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec, status }
}

describe('service columns', () => {
  it('are the service columns of Kubernetes 1.32', () => {
    expect(headers(serviceColumns)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*'])
    expect(serviceDefinition.tableColumns).toBe(serviceColumns)
  })

  // TestPrintService, TestPrintServiceList
  it.each<[string, Service, unknown[]]>([
    [
      'cluster IP and port with protocol',
      svc('test1', { type: 'ClusterIP', ports: [{ protocol: 'tcp', port: 2233 }], clusterIPs: ['10.9.8.7'], selector: { foo: 'bar' } }),
      ['test1', 'ClusterIP', '10.9.8.7', '<none>', '2233/tcp', '<unknown>']
    ],
    ['a node port', svc('test2', { type: 'NodePort', ports: [{ protocol: 'tcp', port: 8888, nodePort: 9999 }], clusterIPs: ['10.9.8.7'] }), ['test2', 'NodePort', '10.9.8.7', '<none>', '8888:9999/tcp', '<unknown>']],
    ['a node port service without node port yet', svc('service2', { type: 'NodePort', ports: [{ protocol: 'udp', port: 5566 }], clusterIPs: ['1.2.3.4'] }), ['service2', 'NodePort', '1.2.3.4', '<none>', '5566/udp', '<unknown>']],
    ['a pending load balancer', svc('test3', { type: 'LoadBalancer', ports: [{ protocol: 'tcp', port: 8888 }], clusterIPs: ['10.9.8.7'] }), ['test3', 'LoadBalancer', '10.9.8.7', '<pending>', '8888/tcp', '<unknown>']],
    [
      'a load balancer with an external IP and no status',
      svc('test4', { type: 'LoadBalancer', ports: [{ protocol: 'tcp', port: 8888 }], clusterIPs: ['10.9.8.7'], externalIPs: ['80.11.12.10'] }),
      ['test4', 'LoadBalancer', '10.9.8.7', '80.11.12.10', '8888/tcp', '<unknown>']
    ],
    [
      'a load balancer with an external IP',
      svc(
        'test5',
        { type: 'LoadBalancer', ports: [{ protocol: 'tcp', port: 8888 }], clusterIPs: ['10.9.8.7'], externalIPs: ['80.11.12.10'] },
        { loadBalancer: { ingress: [{ ip: '3.4.5.6', hostname: 'test.cluster.com' }] } }
      ),
      ['test5', 'LoadBalancer', '10.9.8.7', '3.4.5.6,80.11.12.10', '8888/tcp', '<unknown>']
    ],
    [
      'a load balancer with external IPs',
      svc(
        'test6',
        { type: 'LoadBalancer', ports: [{ protocol: 'tcp', port: 8888 }], clusterIPs: ['10.9.8.7'], externalIPs: ['80.11.12.10', '80.11.12.11'] },
        { loadBalancer: { ingress: [{ ip: '2.3.4.5', hostname: 'test.cluster.local' }, { ip: '3.4.5.6', hostname: 'test.cluster.com' }] } }
      ),
      ['test6', 'LoadBalancer', '10.9.8.7', '2.3.4.5,3.4.5.6,80.11.12.10,80.11.12.11', '8888/tcp', '<unknown>']
    ],
    ['an external name', svc('test7', { type: 'ExternalName', externalName: 'my.database.example.com' }), ['test7', 'ExternalName', '<none>', 'my.database.example.com', '<none>', '<unknown>']]
  ])('%s', (_name, s, expected) => {
    expect(narrowRow(serviceColumns, s)).toEqual(expected)
  })

  // TestPrintServiceLoadBalancer: server-side tables are wide, so long address lists are never clipped.
  it.each<[string, Service, unknown[]]>([
    [
      'load balancer addresses, sorted',
      svc('service1', { clusterIPs: ['1.2.3.4'], type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP' }] }, { loadBalancer: { ingress: [{ ip: '3.4.5.6' }, { ip: '2.3.4.5' }] } }),
      ['service1', 'LoadBalancer', '1.2.3.4', '2.3.4.5,3.4.5.6', '80/TCP', '<unknown>', '<none>']
    ],
    [
      'several ports',
      svc('service2', {
        clusterIPs: ['1.3.4.5'],
        type: 'LoadBalancer',
        ports: [{ port: 80, protocol: 'TCP' }, { port: 8090, protocol: 'UDP' }, { port: 8000, protocol: 'TCP' }, { port: 7777, protocol: 'SCTP' }]
      }),
      ['service2', 'LoadBalancer', '1.3.4.5', '<pending>', '80/TCP,8090/UDP,8000/TCP,7777/SCTP', '<unknown>', '<none>']
    ],
    [
      'a long address list and a selector',
      svc(
        'service4',
        { clusterIPs: ['1.5.6.7'], type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP' }, { port: 8090, protocol: 'UDP' }, { port: 8000, protocol: 'TCP' }], selector: { foo: 'bar' } },
        { loadBalancer: { ingress: [{ ip: '2.3.4.5' }, { ip: '3.4.5.6' }, { ip: '5.6.7.8', hostname: 'host5678' }] } }
      ),
      ['service4', 'LoadBalancer', '1.5.6.7', '2.3.4.5,3.4.5.6,5.6.7.8', '80/TCP,8090/UDP,8000/TCP', '<unknown>', 'foo=bar']
    ],
    [
      'a hostname when there is no IP, duplicates once',
      svc('lb', { clusterIPs: ['10.96.0.20'], type: 'LoadBalancer', ports: [{ port: 443, protocol: 'TCP', nodePort: 31443 }] }, { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { hostname: 'lb.example.com' }] } }),
      ['lb', 'LoadBalancer', '10.96.0.20', 'lb.example.com', '443:31443/TCP', '<unknown>', '<none>']
    ]
  ])('wide: %s', (_name, s, expected) => {
    expect(row(serviceColumns, s)).toEqual(expected)
  })

  it('shows a defaulted NodePort service as kubectl does', () => {
    const s: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(3 * minute + 20000) },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.14.2',
        clusterIPs: ['10.96.14.2'],
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30001 }, { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090, nodePort: 30002 }],
        selector: { tier: 'web', app: 'shop' }
      }
    }
    expect(row(serviceColumns, s)).toEqual(['web', 'NodePort', '10.96.14.2', '<none>', '80:30001/TCP,9090:30002/TCP', '3m20s', 'app=shop,tier=web'])
  })

  it('prints headless services and the older clusterIP field', () => {
    expect(row(serviceColumns, svc('db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432, protocol: 'TCP' }] }))[2]).toBe('None')
    expect(row(serviceColumns, svc('old', { type: 'ClusterIP', clusterIP: '10.0.0.1' }))[2]).toBe('10.0.0.1')
    expect(row(serviceColumns, svc('odd', { type: 'Weird' }))[3]).toBe('<unknown>')
  })
})
