import { describe, expect, it } from 'vitest'
import { base32, endpointChainName, serviceChainNames } from '../../../../main/cluster/network/kube-proxy/chain-names'
import type { ServicePortName } from '../../../../main/cluster/network/kube-proxy/types'

const spn = (namespace: string, name: string, port: string, protocol: ServicePortName['protocol'] = 'TCP'): ServicePortName => ({ namespace, name, port, protocol })

describe('kube-proxy chain names (first 16 chars of base32(sha256(...)))', () => {
  it.each([
    // Every kubeadm cluster has these three.
    [spn('default', 'kubernetes', 'https'), 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    [spn('kube-system', 'kube-dns', 'dns', 'UDP'), 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    [spn('kube-system', 'kube-dns', 'dns-tcp'), 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    [spn('kube-system', 'kube-dns', 'metrics'), 'KUBE-SVC-JD5MR3NA4I4DYORP'],
    // pkg/proxy/iptables/proxier_test.go
    [spn('ns1', 'svc1', 'p80'), 'KUBE-SVC-XPGD46QRK7WJZT7O']
  ])('%o is %s', (name, chain) => {
    expect(serviceChainNames(name).cluster).toBe(chain)
    const hash = chain.slice('KUBE-SVC-'.length)
    expect(serviceChainNames(name)).toEqual({ cluster: chain, local: `KUBE-SVL-${hash}`, external: `KUBE-EXT-${hash}`, firewall: `KUBE-FW-${hash}` })
  })

  it.each([
    [spn('ns1', 'svc1', 'p80'), '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    [spn('ns1', 'svc1', 'p80'), '10.180.0.2:80', 'KUBE-SEP-LXVODXWDISEETFEF'],
    [spn('ns1', 'svc1', 'p80'), '10.180.2.1:80', 'KUBE-SEP-ZX7GRIZKSNUQ3LAJ'],
    [spn('ns2', 'svc2', 'p80'), '10.180.0.2:80', 'KUBE-SEP-RS4RBKLTHTF2IUXJ']
  ])('endpoint %s of %o is %s', (name, endpoint, chain) => {
    expect(endpointChainName(name as ServicePortName, endpoint as string)).toBe(chain)
  })

  it('encodes base32 as RFC 4648', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI')
    expect(base32(new TextEncoder().encode('f'))).toBe('MY')
  })
})
