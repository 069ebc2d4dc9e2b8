import { describe, expect, it } from 'vitest'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { endpointSliceColumns } from '../../../../main/cluster/registry/columns/endpoints'
import { endpointSliceDefinition } from '../../../../main/cluster/registry/kinds/endpointslice'
import { ago, headers, minute, row } from './helpers'

const slice = (name: string, body: Partial<EndpointSlice>, created: string): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name, creationTimestamp: created },
  addressType: 'IPv4',
  endpoints: [],
  ...body
})

describe('endpointslice columns', () => {
  it('are the endpointslice columns of Kubernetes 1.32', () => {
    expect(headers(endpointSliceColumns)).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'])
    expect(endpointSliceDefinition.tableColumns).toBe(endpointSliceColumns)
  })

  // TestPrintEndpointSlice
  it.each<[string, EndpointSlice, unknown[]]>([
    [
      'one port, two addresses',
      slice('abcslice.123', { ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: [{ addresses: ['10.1.2.3', '2001:db8::1234:5678'] }] }, ago(-1900)),
      ['abcslice.123', 'IPv4', '80', '10.1.2.3,2001:db8::1234:5678', '0s']
    ],
    [
      'more than three addresses',
      slice(
        'longerslicename.123',
        {
          addressType: 'IPv6',
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'https', port: 443, protocol: 'TCP' }],
          endpoints: [{ addresses: ['10.1.2.3', '2001:db8::1234:5678'] }, { addresses: ['10.2.3.4', '2001:db8::2345:6789'] }]
        },
        ago(5 * minute)
      ),
      ['longerslicename.123', 'IPv6', '80,443', '10.1.2.3,2001:db8::1234:5678,10.2.3.4 + 1 more...', '5m']
    ],
    [
      'more than three ports',
      slice(
        'multiportslice.123',
        {
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'https', port: 443, protocol: 'TCP' },
            { name: 'extra1', port: 3000, protocol: 'TCP' },
            { name: 'extra2', port: 3001, protocol: 'TCP' }
          ],
          endpoints: [{ addresses: ['10.1.2.3', '2001:db8::1234:5678'] }, { addresses: ['10.2.3.4', '2001:db8::2345:6789'] }]
        },
        ago(5 * minute)
      ),
      ['multiportslice.123', 'IPv4', '80,443,3000 + 1 more...', '10.1.2.3,2001:db8::1234:5678,10.2.3.4 + 1 more...', '5m']
    ],
    ['nothing yet', slice('empty', {}, ago(0)), ['empty', 'IPv4', '<unset>', '<unset>', '0s']],
    ['a port without a number', slice('all', { ports: [{ name: 'any', protocol: 'TCP' }, { protocol: 'TCP' }], endpoints: [{ addresses: ['10.0.0.1'] }] }, ago(0)), ['all', 'IPv4', 'any,*', '10.0.0.1', '0s']]
  ])('%s', (_name, s, expected) => {
    expect(row(endpointSliceColumns, s)).toEqual(expected)
  })
})
