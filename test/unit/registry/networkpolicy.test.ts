import { describe, expect, it } from 'vitest'
import type { NetworkPolicy } from 'kubernetes-types/networking/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { networkPolicyDefinition as def, parseCIDRSloppy, parseIPSloppy } from '../../../main/cluster/registry/kinds/networkpolicy'

type NP = NetworkPolicy & KubeObject

function policy(spec: Record<string, unknown> = {}): NP {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-web', namespace: 'default' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, ...spec }
  } as NP
}

function create(np: NP): { obj: NP; errors: string[] } {
  const obj = structuredClone(np)
  def.defaults(obj)
  def.prepareForCreate?.(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

const from = (peer: Record<string, unknown>) => ({ ingress: [{ from: [peer] }] })
const ports = (...p: Record<string, unknown>[]) => ({ ingress: [{ ports: p }] })
const cidrMessage = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'

describe('NetworkPolicy names and discovery', () => {
  it('is served as networkpolicies/netpol in networking.k8s.io/v1, tracking generation', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', 'networkpolicy'])
    expect(def.shortNames).toEqual(['netpol'])
    expect(def.categories).toEqual([])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(false)
    expect(def.tracksGeneration).toBe(true)
  })
})

describe('NetworkPolicy defaults', () => {
  it('makes a policy without types an Ingress policy, and fills an empty spec', () => {
    expect(create(policy()).obj.spec).toEqual({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] })
    const bare = { ...policy(), spec: undefined } as unknown as NP
    expect(create(bare).obj.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] })
  })

  it('adds Egress when egress rules are present, and TCP to ports without a protocol', () => {
    const { obj, errors } = create(policy({ ingress: [{ ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }], egress: [{ ports: [{ port: 'dns' }] }] }))
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }],
      egress: [{ ports: [{ port: 'dns', protocol: 'TCP' }] }],
      policyTypes: ['Ingress', 'Egress']
    })
  })

  it('keeps explicit policyTypes', () => {
    expect(create(policy({ policyTypes: ['Egress'] })).obj.spec!.policyTypes).toEqual(['Egress'])
  })
})

describe('NetworkPolicy validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a deny-all policy', { podSelector: {} }, []],
    ['peers of each kind', { ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: { matchLabels: { team: 'a' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }] }, []],
    ['an IPv6 block', from({ ipBlock: { cidr: '2001:db8::/64', except: ['2001:db8::/96'] } }), []],
    ['a port range', { egress: [{ ports: [{ port: 32000, endPort: 32768 }] }] }, []],
    ['a port out of range', ports({ port: 70000 }), ['spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['an unknown protocol', ports({ port: 80, protocol: 'ICMP' }), ['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"']],
    [
      'a bad port name',
      ports({ port: 'HTTP' }),
      [
        'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain at least one letter (a-z)'
      ]
    ],
    ['endPort below port (the start port is shown)', ports({ port: 8080, endPort: 80 }), ['spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`']],
    ['endPort with a named port', ports({ port: 'http', endPort: 90 }), ['spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric']],
    ['endPort without port', ports({ endPort: 90 }), ['spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified']],
    ['an empty peer', from({}), ['spec.ingress[0].from[0]: Required value: must specify a peer']],
    ['ipBlock with a selector', from({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }), ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer']],
    ['an ipBlock without cidr', from({ ipBlock: { cidr: '' } }), ['spec.ingress[0].from[0].ipBlock.cidr: Required value']],
    ['a prefix too long', from({ ipBlock: { cidr: '10.0.0.0/33' } }), [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${cidrMessage}`]],
    ['an address without prefix', from({ ipBlock: { cidr: '10.0.0.1' } }), [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.1": ${cidrMessage}`]],
    [
      'an except outside the block',
      from({ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/24'] } }),
      ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`']
    ],
    [
      'an except as large as the block',
      from({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }),
      ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`']
    ],
    [
      'an except of the other family',
      from({ ipBlock: { cidr: '10.0.0.0/8', except: ['2001:db8::/64'] } }),
      ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "2001:db8::/64": must be a strict subset of `cidr`']
    ],
    [
      'an except that is no CIDR',
      { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0'] } }] }] },
      [`spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.1.0.0": ${cidrMessage}`]
    ],
    [
      'a bad selector operator',
      { podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] } },
      ['spec.podSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator']
    ],
    ['an unknown policy type', { policyTypes: ['Ingress', 'Both'] }, ['spec.policyTypes[1]: Unsupported value: "Both": supported values: "Ingress", "Egress"']],
    [
      'too many policy types, printed as Go prints the internal slice',
      { policyTypes: ['Ingress', 'Egress', 'Ingress'] },
      ['spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes']
    ]
  ])('%s', (_name, spec, expected) => {
    expect(create(policy(spec)).errors).toEqual(expected)
  })

  it('lets an update keep selector values stored before they were checked strictly', () => {
    const old = policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['-bad-'] }] }, policyTypes: ['Ingress'] })
    const next = structuredClone(old)
    next.spec!.ingress = [{ from: [{ podSelector: {} }] }]
    expect(def.validateUpdate!(next, old).map(fieldErrorString)).toEqual([])
    expect(create(old).errors).toHaveLength(1)
  })
})

describe('IP and CIDR parsing as Kubernetes does it (sloppy: leading zeros allowed, zones not)', () => {
  it.each<[string, boolean]>([
    ['10.0.0.1', true],
    ['010.000.000.001', true],
    ['256.0.0.1', false],
    ['1.2.3', false],
    ['::1', true],
    ['::ffff:10.0.0.1', true],
    ['fe80::1%eth0', false],
    ['2001:db8::g', false]
  ])('%s -> %s', (text, ok) => {
    expect(parseIPSloppy(text) !== undefined).toBe(ok)
  })

  it('masks host bits and keeps the prefix', () => {
    expect(parseCIDRSloppy('10.1.2.3/8')).toEqual({ network: [10, 0, 0, 0], prefix: 8 })
    expect(parseCIDRSloppy('10.0.0.0/08')).toEqual({ network: [10, 0, 0, 0], prefix: 8 })
    expect(parseCIDRSloppy('10.0.0.0/-1')).toBeUndefined()
    expect(parseCIDRSloppy('::ffff:10.0.0.0/104')?.prefix).toBe(104)
  })

  it('treats an IPv4-mapped IPv6 address as IPv4, as To4() does', () => {
    expect(parseIPSloppy('::ffff:10.0.0.1')?.is4).toBe(true)
    expect(parseIPSloppy('2001:db8::1')?.is4).toBe(false)
  })
})
