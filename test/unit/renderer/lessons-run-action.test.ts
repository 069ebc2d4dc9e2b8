/**
 * A lesson's actions go through the contract's calls with the arguments
 * the main process validates, and report in kubectl's words.
 */
import { describe, expect, it } from 'vitest'
import type { CallChannel, KubelabApi } from '../../../preload/contract'
import { applyOutcome, runAction } from './lessons-modules'

const gvrs = {
  services: { group: '', version: 'v1', resource: 'services' },
  replicationcontrollers: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  networkpolicies: { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' },
  trafficgenerators: { group: 'kubelab.dev', version: 'v1alpha1', resource: 'trafficgenerators' }
}

function recorder(result: (channel: CallChannel) => unknown = () => ({})) {
  const calls: Array<{ channel: CallChannel; arg: unknown }> = []
  const api: KubelabApi = {
    call: async (channel, ...args) => {
      calls.push({ channel, arg: args[0] })
      return result(channel) as never
    },
    on: () => () => {}
  }
  return { api, calls }
}

describe('runAction', () => {
  it('scales, patches, deletes (background), powers nodes and sets the clock through their calls', async () => {
    const { api, calls } = recorder((c) => (c === 'clock/set' ? { now: 0, mode: 'realtime', speed: 60, paused: false } : {}))
    const lines = [
      ...(await runAction(api, { type: 'scale', gvr: gvrs.replicationcontrollers, namespace: 'default', name: 'frontend', replicas: 5 })),
      ...(await runAction(api, { type: 'patch', gvr: gvrs.services, namespace: 'default', name: 'shop', patchType: 'merge', patch: { spec: { selector: { app: 'shop' } } } })),
      ...(await runAction(api, { type: 'delete', gvr: gvrs.trafficgenerators, namespace: 'default', name: 'load' })),
      ...(await runAction(api, { type: 'delete', gvr: gvrs.networkpolicies, namespace: 'prod', name: 'deny' })),
      ...(await runAction(api, { type: 'node', node: 'kubelab-worker2', action: 'power-off' })),
      ...(await runAction(api, { type: 'clock', speed: 60, paused: false }))
    ]
    expect(lines).toEqual([
      'replicationcontroller/frontend scaled to 5',
      'service/shop patched',
      'trafficgenerator.kubelab.dev "load" deleted',
      'networkpolicy.networking.k8s.io "deny" deleted',
      'node/kubelab-worker2 powered off',
      'clock at 60x'
    ])
    expect(calls.map((c) => c.channel)).toEqual(['objects/scale', 'objects/patch', 'objects/delete', 'objects/delete', 'nodes/action', 'clock/set'])
    expect(calls[1].arg).toEqual({ gvr: gvrs.services, namespace: 'default', name: 'shop', type: 'merge', patch: { spec: { selector: { app: 'shop' } } } })
    expect(calls[2].arg).toMatchObject({ propagationPolicy: 'Background' })
    expect(calls[5].arg).toEqual({ speed: 60, paused: false })
  })

  it("words an apply's outcome as kubectl does, with the API's messages for what failed", () => {
    const out = applyOutcome([
      { ok: true, action: 'created', gvr: { group: 'apps', version: 'v1', resource: 'deployments' }, object: { kind: 'Deployment', metadata: { name: 'shop', namespace: 'default' } } },
      { ok: false, document: 2, kind: 'Service', name: 'shop', message: 'Service "shop" is invalid: spec.ports: Required value' }
    ])
    expect(out).toEqual({ lines: ['deployment.apps/shop created'], failures: ['Service "shop" is invalid: spec.ports: Required value'] })
  })
})
