import { describe, expect, it } from 'vitest'
import type { EndpointSubset, Endpoints } from 'kubernetes-types/core/v1'
import { endpointsColumns } from '../../../../main/cluster/registry/columns/endpoints'
import { endpointsDefinition } from '../../../../main/cluster/registry/kinds/endpoints'
import { ago, headers, minute, row } from './helpers'

const ep = (name: string, subsets: EndpointSubset[] | undefined, created: string): Endpoints => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name, creationTimestamp: created }, subsets })

describe('endpoints columns', () => {
  it('are the endpoints columns of Kubernetes 1.32', () => {
    expect(headers(endpointsColumns)).toEqual(['Name', 'Endpoints', 'Age'])
    expect(endpointsDefinition.tableColumns).toBe(endpointsColumns)
  })

  // TestPrintEndpoint
  it.each<[string, Endpoints, unknown[]]>([
    ['no subsets', ep('endpoint1', undefined, ago(-1900)), ['endpoint1', '<none>', '0s']],
    ['no ports', ep('endpoint3', [{ addresses: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }] }], ago(5 * minute)), ['endpoint3', '1.2.3.4,5.6.7.8', '5m']],
    ['two IPs and one port', ep('endpoint2', [{ addresses: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }], ports: [{ port: 8001, protocol: 'tcp' }] }], ago(-1900)), ['endpoint2', '1.2.3.4:8001,5.6.7.8:8001', '0s']],
    [
      'more than three',
      ep('endpoint2', [{ addresses: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }, { ip: '9.8.7.6' }, { ip: '6.6.6.6' }], ports: [{ port: 8001, protocol: 'tcp' }] }], ago(-1900)),
      ['endpoint2', '1.2.3.4:8001,5.6.7.8:8001,9.8.7.6:8001 + 1 more...', '0s']
    ],
    [
      'every port of every subset, IPv6 in brackets',
      ep(
        'redis',
        [
          { addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 6379, name: 'redis' }, { port: 9121, name: 'metrics' }] },
          { addresses: [{ ip: 'fd00::5' }, { ip: '10.244.2.7' }], notReadyAddresses: [{ ip: '10.244.3.9' }], ports: [{ port: 6379 }] }
        ],
        ago(minute)
      ),
      ['redis', '10.244.1.5:6379,10.244.1.5:9121,[fd00::5]:6379 + 1 more...', '60s']
    ],
    ['only not-ready addresses', ep('web', [{ notReadyAddresses: [{ ip: '10.244.3.9' }], ports: [{ port: 80 }] }], ago(0)), ['web', '', '0s']]
  ])('%s', (_name, e, expected) => {
    expect(row(endpointsColumns, e)).toEqual(expected)
  })
})
