import { describe, expect, it } from 'vitest'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { endpointSliceDefinition as def } from '../../../main/cluster/registry/kinds/endpointslice'
import { deepFreeze } from '../../../main/cluster/storage/freeze'

type Slice = EndpointSlice & KubeObject

function slice(fields: Record<string, unknown> = {}): Slice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc12', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true }, nodeName: 'worker-1' }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    ...fields
  } as Slice
}

function create(s: Slice): { obj: Slice; errors: string[] } {
  const obj = structuredClone(s)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

const errorsOf = (fields: Record<string, unknown>) => create(slice(fields)).errors
const at = (...addresses: string[]) => ({ endpoints: [{ addresses }] })

describe('EndpointSlice names and discovery', () => {
  it('is served as endpointslices in discovery.k8s.io/v1, without short names', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', 'endpointslice'])
    expect(def.shortNames).toEqual([])
    expect(def.categories).toEqual([])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(false)
  })
})

describe('EndpointSlice defaults', () => {
  it('gives ports an empty name and TCP', () => {
    const { obj, errors } = create(slice({ ports: [{ port: 80 }] }))
    expect(errors).toEqual([])
    expect(obj.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }])
  })

  it('drops the v1beta1 deprecatedTopology on v1 writes', () => {
    const { obj } = create(slice({ endpoints: [{ addresses: ['10.244.1.5'], deprecatedTopology: { 'topology.kubernetes.io/zone': 'a' } }] }))
    expect(obj.endpoints).toEqual([{ addresses: ['10.244.1.5'] }])
  })

  it('drops deprecatedTopology from a frozen endpoint by replacing it, leaving the caller\'s endpoint as it was', () => {
    const frozen = deepFreeze({ addresses: ['10.244.1.5'], deprecatedTopology: { 'kubernetes.io/hostname': 'worker-1' } })
    const old = slice({ endpoints: [{ addresses: ['10.244.1.4'], deprecatedTopology: { 'kubernetes.io/hostname': 'worker-1' } }] })
    const obj = slice({ endpoints: [frozen] })
    def.prepareForUpdate!(obj, old)
    expect(obj.endpoints).toEqual([{ addresses: ['10.244.1.5'], nodeName: 'worker-1' }])
    expect(frozen.deprecatedTopology).toEqual({ 'kubernetes.io/hostname': 'worker-1' })
  })
})

describe('EndpointSlice validation of frozen endpoints', () => {
  it('validates a frozen endpoint once per address type, and still reports it where it is invalid', () => {
    const endpoint = deepFreeze({ addresses: ['10.244.1.5'], conditions: { ready: true } })
    expect(def.validate(slice({ endpoints: [endpoint] }))).toEqual([])
    expect(def.validate(slice({ endpoints: [{ addresses: ['10.244.1.6'] }, endpoint] }))).toEqual([])
    expect(def.validate(slice({ addressType: 'IPv6', endpoints: [endpoint] })).map(fieldErrorString)).toEqual(['endpoints[0].addresses[0]: Invalid value: "10.244.1.5": must be a valid IPv6 address'])
    const bad = deepFreeze({ addresses: ['127.0.0.1'] })
    for (const i of [0, 1]) {
      const endpoints = i === 0 ? [bad] : [endpoint, bad]
      expect(def.validate(slice({ endpoints })).map(fieldErrorString)).toEqual([`endpoints[${i}].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`])
    }
  })
})

describe('EndpointSlice validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a valid IPv6 slice', { addressType: 'IPv6', ...at('2001:db8::5') }, []],
    ['a valid FQDN slice', { addressType: 'FQDN', ...at('db.example.com') }, []],
    ['no address type', { addressType: '' }, ['addressType: Required value']],
    ['an unknown address type', { addressType: 'IPv5' }, ['addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"']],
    ['an IPv6 address in an IPv4 slice', at('2001:db8::1'), ['endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be a valid IPv4 address']],
    [
      'an address that is no IP at all',
      at('web'),
      ['endpoints[0].addresses[0]: Invalid value: "web": must be a valid IPv4 address', 'endpoints[0].addresses[0]: Invalid value: "web": must be a valid IP address']
    ],
    ['a loopback address', at('127.0.0.1'), ['endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ['the unspecified address', at('0.0.0.0'), ['endpoints[0].addresses[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)']],
    ['a link-local address', at('169.254.169.254'), ['endpoints[0].addresses[0]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
    [
      'an IPv4 address in an IPv6 slice',
      { addressType: 'IPv6', ...at('10.0.0.1') },
      ['endpoints[0].addresses[0]: Invalid value: "10.0.0.1": must be a valid IPv6 address']
    ],
    ['a one-label FQDN', { addressType: 'FQDN', ...at('db') }, ['endpoints[0].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots']],
    ['an endpoint without addresses', { endpoints: [{ addresses: [] }] }, ['endpoints[0].addresses: Required value: must contain at least 1 address']],
    [
      'a bad node name',
      { endpoints: [{ addresses: ['10.0.0.1'], nodeName: 'Worker_1' }] },
      [
        "endpoints[0].nodeName: Invalid value: \"Worker_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
      ]
    ],
    [
      'duplicate zone hints',
      { endpoints: [{ addresses: ['10.0.0.1'], hints: { forZones: [{ name: 'a' }, { name: 'a' }] } }] },
      ['endpoints[0].hints.forZones[1].name: Duplicate value: "a"']
    ],
    [
      'duplicate port names',
      { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] },
      ['ports[1].name: Duplicate value: "http"']
    ],
    ['two unnamed ports', { ports: [{ port: 80 }, { port: 81 }] }, ['ports[1].name: Duplicate value: ""']],
    ['an unknown protocol', { ports: [{ name: 'x', port: 80, protocol: 'ICMP' }] }, ['ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"']],
    [
      'a bad port name',
      { ports: [{ name: 'HTTP', port: 80 }] },
      [
        "ports[0].name: Invalid value: \"HTTP\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
      ]
    ]
  ])('%s', (_name, fields, expected) => {
    expect(errorsOf(fields)).toEqual(expected)
  })
})

describe('EndpointSlice updates', () => {
  const stored = create(slice()).obj
  function update(change: (s: Slice) => void, old: Slice = stored): { obj: Slice; errors: string[] } {
    const obj = structuredClone(old)
    change(obj)
    def.defaults(obj)
    def.prepareForUpdate!(obj, old)
    return { obj, errors: def.validateUpdate!(obj, old).map(fieldErrorString) }
  }

  it('keeps the address type immutable', () => {
    const { errors } = update((s) => {
      s.addressType = 'IPv6'
      s.endpoints = [{ addresses: ['2001:db8::5'] }]
    })
    expect(errors).toEqual(['addressType: Invalid value: "IPv6": field is immutable'])
  })

  it('allows endpoints to come and go', () => {
    expect(update((s) => (s.endpoints = [])).errors).toEqual([])
  })

  it('counts a relabelling as a new generation', () => {
    const old = { ...stored, metadata: { ...stored.metadata, generation: 2 } }
    expect(update((s) => (s.metadata.labels = { 'kubernetes.io/service-name': 'api' }), old).obj.metadata.generation).toBe(3)
  })
})
