import { describe, expect, it } from 'vitest'
import { podHostname } from '../../../../main/cluster/node/programs/pod-hostname'

describe('podHostname', () => {
  it('is the node name for a host-network pod, as the node debugger shows', () => {
    expect(podHostname({ metadata: { name: 'node-debugger-w1-abcde' }, spec: { hostNetwork: true, nodeName: 'w1', containers: [] } })).toBe('w1')
  })

  it('is spec.hostname when set, else the pod name', () => {
    expect(podHostname({ metadata: { name: 'web-0' }, spec: { hostname: 'web-0', subdomain: 'nginx', containers: [] } })).toBe('web-0')
    expect(podHostname({ metadata: { name: 'api-7d9f-xk2' }, spec: { containers: [] } })).toBe('api-7d9f-xk2')
  })

  it('cuts a long pod name to 63 characters without a trailing hyphen', () => {
    const name = `${'a'.repeat(62)}-bcdef`
    expect(podHostname({ metadata: { name }, spec: { containers: [] } })).toBe('a'.repeat(62))
  })
})
