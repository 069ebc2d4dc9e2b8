import { describe, expect, it } from 'vitest'
import type { Endpoints } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { endpointsDefinition as def } from '../../../main/cluster/registry/kinds/endpoints'

function ep(subsets: unknown[]): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets } as Endpoints
}

function create(e: Endpoints): { obj: Endpoints; errors: string[] } {
  const obj = structuredClone(e)
  def.defaults(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

describe('Endpoints', () => {
  it('is ep, namespaced', () => {
    expect([def.plural, def.singular, def.shortNames, def.namespaced]).toEqual(['endpoints', 'endpoints', ['ep'], true])
  })

  it('defaults port protocols to TCP', () => {
    const { obj, errors } = create(ep([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }]))
    expect(errors).toEqual([])
    expect(obj.subsets![0].ports).toEqual([{ port: 80, protocol: 'TCP' }])
  })

  it.each<[string, unknown[], string[]]>([
    ['subset without addresses', [{ ports: [{ port: 80 }] }], ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']],
    ['loopback address', [{ addresses: [{ ip: '127.0.0.1' }] }], ['subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    [
      'not an IP',
      [{ addresses: [{ ip: 'web-0' }] }],
      ['subsets[0].addresses[0].ip: Invalid value: "web-0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)', 'subsets[0].addresses[0].ip: Invalid value: "web-0": must be a valid IP address']
    ],
    ['two unnamed ports', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 443 }] }], ['subsets[0].ports[0].name: Required value', 'subsets[0].ports[1].name: Required value']],
    ['port out of range', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 0 }] }], ['subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']]
  ])('%s', (_n, subsets, expected) => {
    expect(create(ep(subsets)).errors).toEqual(expected)
  })

  it('validates a frozen address once, and still reports it wherever it is invalid', () => {
    const good = Object.freeze({ ip: '10.244.1.5', nodeName: 'kind-worker' })
    expect(create(ep([{ addresses: [good] }])).errors).toEqual([])
    expect(def.validate(ep([{ addresses: [{ ip: '10.0.0.1' }] }, { addresses: [good] }]))).toEqual([])
    const bad = Object.freeze({ ip: '127.0.0.1' })
    for (const at of [0, 1]) {
      const subsets = at === 0 ? [{ addresses: [bad] }] : [{ addresses: [good] }, { addresses: [bad] }]
      expect(def.validate(ep(subsets)).map(fieldErrorString)).toEqual([`subsets[${at}].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`])
    }
  })
})
