import type { Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { containerProfile, containerUsage, oomAfterMs, usageModel } from '../../../../main/cluster/node/behaviour'
import { ProcessTable } from '../../../../main/cluster/world/container-processes'

const Mi = 1024 * 1024

function pod(resources: Record<string, Record<string, string>> = {}, annotations: Record<string, string> = {}, image = 'nginx:1.27'): Pod {
  return { metadata: { name: 'web', namespace: 'default', uid: 'u1', annotations }, spec: { containers: [{ name: 'web', image, resources }] } }
}

const profileOf = (p: Pod) => containerProfile(p, p.spec!.containers[0])

describe('container profile', () => {
  it('reads requests and limits as Kubernetes quantities', () => {
    const p = profileOf(pod({ requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } }))
    expect(p).toMatchObject({ cpuRequestNanocores: 250_000_000, cpuLimitNanocores: 1e9, memoryRequestBytes: 64 * Mi, memoryLimitBytes: 128 * Mi })
  })

  it('a limit without a request requests the limit', () => {
    expect(profileOf(pod({ limits: { cpu: '500m', memory: '1Gi' } }))).toMatchObject({ cpuRequestNanocores: 5e8, memoryRequestBytes: 1024 * Mi })
  })

  it('takes idle use from the image and the sim.kubelab.dev annotations over it', () => {
    expect(profileOf(pod())).toMatchObject({ idleCpuNanocores: 0, idleMemoryBytes: 3 * Mi, memoryGrowthBytesPerSecond: 0 })
    const knobs = profileOf(
      pod({}, { 'sim.kubelab.dev/cpu-usage': '50m', 'sim.kubelab.dev/memory-usage': '20Mi', 'sim.kubelab.dev/memory-growth': '1Mi', 'sim.kubelab.dev/cpu-per-request': '2m' })
    )
    expect(knobs).toEqual(expect.objectContaining({ idleCpuNanocores: 5e7, idleMemoryBytes: 20 * Mi, memoryGrowthBytesPerSecond: Mi, cpuPerRequestNanocoreSeconds: 2e6 }))
  })

  it('ignores unreadable or negative knobs', () => {
    expect(profileOf(pod({}, { 'sim.kubelab.dev/cpu-usage': 'lots', 'sim.kubelab.dev/memory-growth': '-1Mi' }))).toMatchObject({ idleCpuNanocores: 0, memoryGrowthBytesPerSecond: 0 })
  })
})

describe('container usage', () => {
  const base = { idleCpuNanocores: 1e6, idleMemoryBytes: 10 * Mi, memoryGrowthBytesPerSecond: 0, cpuPerRequestNanocoreSeconds: 2e6 }

  it('adds requests/s x cost to the idle CPU', () => {
    expect(containerUsage(base, 0, 100)).toEqual({ cpuNanocores: 201e6, memoryBytes: 10 * Mi, throttled: false })
  })

  it('throttles CPU at the limit', () => {
    expect(containerUsage({ ...base, cpuLimitNanocores: 1e8 }, 0, 100)).toEqual({ cpuNanocores: 1e8, memoryBytes: 10 * Mi, throttled: true })
  })

  it('grows memory with running time, in whole 4 KiB pages', () => {
    expect(containerUsage({ ...base, memoryGrowthBytesPerSecond: 1000 }, 10_000, 0).memoryBytes).toBe(10 * Mi + 12_288)
  })

  it('is OOMKilled when memory passes the limit', () => {
    expect(oomAfterMs({ ...base, memoryLimitBytes: 20 * Mi, memoryGrowthBytesPerSecond: Mi })).toBe(10_000)
    expect(oomAfterMs({ ...base, memoryLimitBytes: 5 * Mi })).toBe(0)
    expect(oomAfterMs({ ...base, memoryLimitBytes: 20 * Mi })).toBeUndefined()
    expect(oomAfterMs({ ...base, memoryGrowthBytesPerSecond: Mi })).toBeUndefined()
  })
})

describe('process table load and use', () => {
  it('averages requests over a 30 s window of cluster time and prices them with the model', () => {
    let now = 1_000_000
    const table = new ProcessTable(() => now)
    const p = pod({ limits: { cpu: '500m' } }, { 'sim.kubelab.dev/cpu-per-request': '10m' })
    const ref = { namespace: 'default', name: 'web', uid: 'u1' }
    table.started('u1', 'web', [{ port: 80, protocol: 'TCP' }])
    table.run('u1', 'web', usageModel(p, p.spec!.containers[0], true, now))
    expect(table.receive(ref, { from: '10.244.1.9:5000', protocol: 'TCP', port: 81 })).toEqual({ listening: false })
    for (let s = 0; s < 30; s++) {
      now += 1000
      expect(table.receive(ref, { from: '10.244.1.9:5000', protocol: 'TCP', port: 80, count: 30 }).listening).toBe(true)
    }
    expect(table.requestRate('u1', 'web')).toBe(30)
    expect(table.usage('u1', 'web')!.cpuNanocores).toBe(300e6)
    for (let s = 0; s < 30; s++) {
      now += 1000
      table.receive(ref, { from: '10.244.1.9:5000', protocol: 'TCP', port: 80, count: 300 })
    }
    expect(table.usage('u1', 'web')!.cpuNanocores).toBe(500e6)
    now += 31_000
    expect(table.requestRate('u1', 'web')).toBe(0)
    expect(table.podUsage('u1')).toMatchObject([{ container: 'web', use: { cpuNanocores: 0, memoryBytes: 3 * Mi } }])
    table.stopped('u1', 'web')
    expect(table.usage('u1', 'web')).toBeUndefined()
    expect(table.listeningPorts(ref)).toEqual([])
  })
})
