import { describe, expect, it } from 'vitest'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { nodeFacts } from '../../../main/cluster/network/node-network/node-facts'
import { hostVeth, nodeDevices, podDevices } from '../../../main/cluster/network/node-network/devices'
import { lookupRoute, nodeRoutes, podRoutes } from '../../../main/cluster/network/node-network/routes'
import { ipAddrText, ipRouteText } from '../../../main/cluster/network/node-network/iproute2'
import { cidrContains, intToIp, ipToInt, parseCidr } from '../../../main/cluster/network/node-network/ipv4'
import { vethName } from '../../../main/cluster/network/node-network/names'

const node = (name: string, ip: string, podCIDR?: string): Node => ({
  metadata: { name },
  spec: podCIDR ? { podCIDR } : {},
  status: { addresses: [{ type: 'InternalIP', address: ip }] }
})
const pod = (name: string, ip: string): Pod => ({ metadata: { namespace: 'default', name, uid: `uid-${name}` }, spec: { nodeName: 'w1', containers: [] }, status: { podIP: ip } })

const w1 = nodeFacts(node('w1', '172.18.0.3', '10.244.1.0/24'))
const cp = nodeFacts(node('cp', '172.18.0.2', '10.244.0.0/24'))
const w2 = nodeFacts(node('w2', '172.18.0.4', '10.244.2.0/24'))
const fresh = nodeFacts(node('w3', '172.18.0.5'))

describe('IPv4 helpers', () => {
  it.each([
    ['10.244.1.5', 0x0af40105],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff]
  ])('%s is %d', (ip, n) => {
    expect(ipToInt(ip)).toBe(n)
    expect(intToIp(n)).toBe(ip)
  })
  it.each(['10.244.1', '10.244.1.256', 'a.b.c.d', '10.244.1.5/24', ''])('%s is no address', (ip) => expect(ipToInt(ip)).toBeUndefined())
  it('matches addresses against CIDRs and normalises the network address', () => {
    expect(parseCidr('10.244.1.7/24')).toEqual({ network: ipToInt('10.244.1.0'), bits: 24 })
    expect(cidrContains(parseCidr('10.244.0.0/16')!, ipToInt('10.244.200.1')!)).toBe(true)
    expect(cidrContains(parseCidr('10.244.1.0/24')!, ipToInt('10.244.2.1')!)).toBe(false)
    expect(cidrContains(parseCidr('0.0.0.0/0')!, ipToInt('8.8.8.8')!)).toBe(true)
  })
})

describe('a node network namespace', () => {
  it('has lo, eth0 with the Node IP, flannel.1, cni0 with the first podCIDR address and one veth per pod on the bridge', () => {
    const devices = nodeDevices(w1, [pod('b', '10.244.1.3'), pod('a', '10.244.1.2')], '172.18.0.0/16')
    expect(devices.map((d) => d.name)).toEqual(['lo', 'eth0', 'flannel.1', 'cni0', vethName('uid-a'), vethName('uid-b')])
    expect(vethName('uid-a')).toMatch(/^veth[0-9a-f]{8}$/)
    expect(devices.find((d) => d.name === 'cni0')!.addresses).toEqual([{ cidr: '10.244.1.1/24', brd: '10.244.1.255', scope: 'global' }])
    expect(devices.find((d) => d.name === 'flannel.1')).toMatchObject({ kind: 'vxlan', mtu: 1450, addresses: [{ cidr: '10.244.1.0/32' }], vxlan: { id: 1, local: '172.18.0.3', port: 8472 } })
    expect(devices.find((d) => d.name === vethName('uid-a'))).toMatchObject({ master: 'cni0', peerIndex: 2, addresses: [] })
  })

  it('prints `ip addr` as iproute2 does', () => {
    const text = ipAddrText(nodeDevices(w1, [pod('a', '10.244.1.2')], '172.18.0.0/16'))
    expect(text).toContain(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default\n    link/ether 02:42:ac:12:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\n'
    )
    expect(text).toMatch(new RegExp(`5: ${vethName('uid-a')}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default\\n    link/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff link-netns cni-uid-a\\n`))
  })

  it('routes: default out of eth0, the node network, the local podCIDR on cni0, other podCIDRs via flannel.1 onlink', () => {
    const routes = nodeRoutes(w1, [cp, w1, w2, fresh], '172.18.0.0/16')
    expect(ipRouteText(routes)).toBe(
      [
        'default via 172.18.0.1 dev eth0 ',
        '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ',
        '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ',
        '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ',
        '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 ',
        ''
      ].join('\n')
    )
    expect(routes.find((r) => r.dst === '10.244.2.0/24')).toMatchObject({ peer: '172.18.0.4', peerNode: 'w2' })
  })

  it('the kernel picks the longest prefix', () => {
    const routes = nodeRoutes(w1, [cp, w1, w2], '172.18.0.0/16')
    expect(lookupRoute(routes, '10.244.2.9')).toMatchObject({ dev: 'flannel.1', peer: '172.18.0.4' })
    expect(lookupRoute(routes, '10.244.1.9')).toMatchObject({ dev: 'cni0' })
    expect(lookupRoute(routes, '172.18.0.4')).toMatchObject({ dev: 'eth0', scope: 'link' })
    expect(lookupRoute(routes, '8.8.8.8')).toMatchObject({ dst: 'default', via: '172.18.0.1' })
  })

  it('a node without a podCIDR yet has only lo and eth0, and no pod routes', () => {
    expect(nodeDevices(fresh, [], '172.18.0.0/16').map((d) => d.name)).toEqual(['lo', 'eth0'])
    expect(nodeRoutes(fresh, [fresh], '172.18.0.0/16').map((r) => r.dst)).toEqual(['default', '172.18.0.0/16'])
  })
})

describe("a pod's network namespace", () => {
  it('has eth0@if<host veth index> with the pod IP, and routes via the bridge address', () => {
    const p = pod('a', '10.244.1.2')
    const host = hostVeth(nodeDevices(w1, [p], '172.18.0.0/16'), p)!
    const devices = podDevices(p, w1, host.index)
    expect(devices.map((d) => `${d.name}@${d.peerIndex ?? ''}`)).toEqual(['lo@', `eth0@${host.index}`])
    expect(devices[1].addresses).toEqual([{ cidr: '10.244.1.2/24', brd: '10.244.1.255', scope: 'global' }])
    expect(ipRouteText(podRoutes('10.244.1.2', w1, '10.244.0.0/16'))).toBe(
      'default via 10.244.1.1 dev eth0 \n10.244.0.0/16 via 10.244.1.1 dev eth0 \n10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2 \n'
    )
  })
})
