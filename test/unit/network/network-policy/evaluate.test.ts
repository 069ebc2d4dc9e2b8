import { describe, expect, it } from 'vitest'
import type { Namespace, Pod } from 'kubernetes-types/core/v1'
import type { NetworkPolicy } from 'kubernetes-types/networking/v1'
import { evaluateConnection, listPolicySource, policyTypesOf } from '../../../../main/cluster/network/network-policy'
import type { PolicyEndpoint } from '../../../../main/cluster/network/network-policy'

/**
 * NetworkPolicy semantics, with the examples of the Kubernetes
 * documentation (concepts/services-networking/network-policies).
 */

const ns = (name: string, labels: Record<string, string> = {}): Namespace => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } })
const namespaces = [ns('default'), ns('myproject', { project: 'myproject' }), ns('alice', { user: 'alice' }), ns('bob', { user: 'bob' })]

function pod(namespace: string, name: string, labels: Record<string, string>, ip: string, extra: Partial<NonNullable<Pod['spec']>> = {}): PolicyEndpoint {
  return {
    ip,
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, labels }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'img' }], ...extra }, status: { podIP: ip } }
  }
}

function policy(namespace: string, name: string, spec: NetworkPolicy['spec']): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace, name }, spec }
}

const db = pod('default', 'db', { role: 'db' }, '10.244.1.10', { containers: [{ name: 'redis', image: 'redis', ports: [{ name: 'redis', containerPort: 6379 }] }] })
const frontend = pod('default', 'frontend', { role: 'frontend' }, '10.244.1.20')
const other = pod('default', 'other', { role: 'other' }, '10.244.1.30')
const inMyproject = pod('myproject', 'x', { app: 'x' }, '10.244.2.5')
const aliceClient = pod('alice', 'client', { role: 'client' }, '10.244.2.6')
const aliceOther = pod('alice', 'other', { role: 'other' }, '10.244.2.7')
const bobClient = pod('bob', 'client', { role: 'client' }, '10.244.2.8')
const outside = (ip: string): PolicyEndpoint => ({ ip })

/** The documentation's test-network-policy. */
const testNetworkPolicy = policy('default', 'test-network-policy', {
  podSelector: { matchLabels: { role: 'db' } },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [
    {
      from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }, { namespaceSelector: { matchLabels: { project: 'myproject' } } }, { podSelector: { matchLabels: { role: 'frontend' } } }],
      ports: [{ protocol: 'TCP', port: 6379 }]
    }
  ],
  egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }]
})

const check = (policies: NetworkPolicy[], from: PolicyEndpoint, to: PolicyEndpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP') =>
  evaluateConnection({ from, to, port, protocol }, listPolicySource(policies, namespaces))

describe('NetworkPolicy evaluation', () => {
  it('no policy selects the pod: everything is allowed', () => {
    const v = check([], frontend, db, 6379)
    expect(v.allowed).toBe(true)
    expect(v.ingress).toMatchObject({ isolated: false, allowed: true, reason: 'no NetworkPolicy selects pod default/db for ingress' })
  })

  it.each([
    ['frontend pod, port 6379 (podSelector peer)', frontend, 6379, true, 0],
    ['frontend pod, port 80 (port not listed)', frontend, 80, false, undefined],
    ['any pod of a namespace labelled project=myproject', inMyproject, 6379, true, 0],
    ['another pod of the same namespace', other, 6379, false, undefined],
    ['172.17.0.5, inside the ipBlock', outside('172.17.0.5'), 6379, true, 0],
    ['172.17.1.5, in the ipBlock except', outside('172.17.1.5'), 6379, false, undefined],
    ['UDP 6379 (the rule says TCP)', frontend, 6379, false, undefined]
  ] as const)('test-network-policy ingress to db: %s', (_what, from, port, allowed, rule) => {
    const v = check([testNetworkPolicy], from, db, port, _what.startsWith('UDP') ? 'UDP' : 'TCP')
    expect(v.allowed).toBe(allowed)
    expect(v.ingress?.isolated).toBe(true)
    if (allowed) expect(v.ingress?.allowedBy).toEqual({ policy: 'default/test-network-policy', direction: 'Ingress', rule })
    else expect(v.deniedBy?.direction).toBe('Ingress')
  })

  it.each([
    ['10.0.0.7:5978', '10.0.0.7', 5978, true],
    ['10.0.1.7:5978 (outside the ipBlock)', '10.0.1.7', 5978, false],
    ['10.0.0.7:80', '10.0.0.7', 80, false]
  ] as const)('test-network-policy egress from db to %s', (_what, ip, port, allowed) => {
    const v = check([testNetworkPolicy], db, outside(ip), port)
    expect(v.allowed).toBe(allowed)
    expect(v.egress?.isolated).toBe(true)
    expect(v.ingress).toBeUndefined()
    if (!allowed) expect(v.reason).toBe(`pod default/db is isolated for egress by NetworkPolicy default/test-network-policy and no egress rule allows TCP/${port} to ${ip}`)
  })

  it('default-deny-ingress isolates every pod of the namespace for ingress only', () => {
    const deny = policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })
    const v = check([deny], frontend, db, 6379)
    expect(v.allowed).toBe(false)
    expect(v.deniedBy).toMatchObject({ direction: 'Ingress', selectedBy: ['default/default-deny-ingress'] })
    expect(v.egress).toMatchObject({ isolated: false, allowed: true })
    // Other namespaces are not affected.
    expect(check([deny], frontend, aliceClient, 80).allowed).toBe(true)
  })

  it('allow-all-ingress (one empty rule) allows everything, even alongside a deny-all', () => {
    const deny = policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })
    const allowAll = policy('default', 'allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] })
    const v = check([deny, allowAll], outside('8.8.8.8'), db, 1234)
    expect(v.allowed).toBe(true)
    expect(v.ingress?.allowedBy).toEqual({ policy: 'default/allow-all-ingress', direction: 'Ingress', rule: 0 })
  })

  it('default-deny-egress stops what the pod sends, also to pods that would accept it', () => {
    const deny = policy('default', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] })
    const v = check([deny], frontend, aliceClient, 80)
    expect(v.allowed).toBe(false)
    expect(v.deniedBy?.direction).toBe('Egress')
    expect(v.ingress).toMatchObject({ isolated: false, allowed: true })
  })

  it('both directions must allow: egress allowed, ingress denied is denied', () => {
    const allowEgress = policy('default', 'allow-egress', { podSelector: {}, egress: [{}], policyTypes: ['Egress'] })
    const denyIngress = policy('alice', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })
    const v = check([allowEgress, denyIngress], frontend, aliceClient, 80)
    expect(v.egress?.allowed).toBe(true)
    expect(v.deniedBy).toMatchObject({ direction: 'Ingress', selectedBy: ['alice/deny'] })
  })

  it('namespaceSelector and podSelector in one peer is AND; in two peers it is OR', () => {
    const and = policy('default', 'and', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } }, podSelector: { matchLabels: { role: 'client' } } }] }]
    })
    const or = policy('default', 'or', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }]
    })
    const table: [PolicyEndpoint, boolean, boolean][] = [
      [aliceClient, true, true],
      [aliceOther, false, true],
      [bobClient, false, false],
      [frontend, false, false]
    ]
    for (const [from, viaAnd, viaOr] of table) {
      expect(check([and], from, db, 6379).allowed, `AND from ${from.pod?.metadata?.namespace}/${from.pod?.metadata?.name}`).toBe(viaAnd)
      expect(check([or], from, db, 6379).allowed, `OR from ${from.pod?.metadata?.namespace}/${from.pod?.metadata?.name}`).toBe(viaOr)
    }
    // A pod in the policy's own namespace with role=client matches the OR's podSelector peer.
    expect(check([or], pod('default', 'c', { role: 'client' }, '10.244.1.40'), db, 6379).allowed).toBe(true)
  })

  it('a named port resolves against the receiving pod\'s containerPorts', () => {
    const named = policy('default', 'named', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ ports: [{ port: 'redis' }] }] })
    expect(check([named], frontend, db, 6379).allowed).toBe(true)
    expect(check([named], frontend, db, 6380).allowed).toBe(false)
    // A pod without that named port matches nothing.
    const web = pod('default', 'web', { role: 'db' }, '10.244.1.50')
    expect(check([named], frontend, web, 6379).allowed).toBe(false)
  })

  it('port with endPort is a range', () => {
    const range = policy('default', 'range', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }]
    })
    expect(check([range], db, outside('10.0.0.1'), 32000).allowed).toBe(true)
    expect(check([range], db, outside('10.0.0.1'), 32768).allowed).toBe(true)
    expect(check([range], db, outside('10.0.0.1'), 32769).allowed).toBe(false)
  })

  it('policyTypes default: Ingress always, Egress when there are egress rules', () => {
    expect(policyTypesOf(policy('default', 'a', { podSelector: {} }))).toEqual(['Ingress'])
    const egressOnly = policy('default', 'b', { podSelector: { matchLabels: { role: 'db' } }, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }] }] })
    expect(policyTypesOf(egressOnly)).toEqual(['Ingress', 'Egress'])
    // So a policy written only for egress also isolates the pod for ingress.
    const v = check([egressOnly], frontend, db, 6379)
    expect(v.allowed).toBe(false)
    expect(v.deniedBy?.direction).toBe('Ingress')
  })

  it('hostNetwork pods are not subject to policies; a pod\'s own node always reaches it', () => {
    const deny = policy('default', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
    const hostPod = pod('default', 'host', { role: 'db' }, '172.18.0.3', { hostNetwork: true })
    expect(check([deny], frontend, hostPod, 80).deniedBy?.direction).toBe('Egress')
    expect(check([deny], hostPod, outside('8.8.8.8'), 53).allowed).toBe(true)
    const fromNode = check([deny], { ip: '172.18.0.3', node: 'node-1' }, db, 6379)
    expect(fromNode.allowed).toBe(true)
    expect(fromNode.ingress?.reason).toBe("traffic from the pod's own node node-1 is always allowed")
    expect(check([deny], { ip: '172.18.0.4', node: 'node-2' }, db, 6379).allowed).toBe(false)
  })
})
