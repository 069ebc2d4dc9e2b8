import { describe, expect, it } from 'vitest'
import type { Pod, Service } from 'kubernetes-types/core/v1'
import { ServicePodMemo } from '../../../main/cluster/controllers/endpoints/pod-memo'
import { deepFreeze } from '../../../main/cluster/storage/freeze'

const svc = deepFreeze<Service>({ metadata: { name: 'web', namespace: 'default', uid: 'svc' } })
const pod = (name: string, rv: string): Pod => deepFreeze({ metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: rv } })

describe("ServicePodMemo (what a Service makes of each of its pods' versions)", () => {
  it('computes once per pod version and Service version; objects that are not frozen every time', () => {
    const memo = new ServicePodMemo<string>()
    let computed = 0
    const value = (p: Pod) => () => `${p.metadata?.name}@${p.metadata?.resourceVersion}#${++computed}`
    const a1 = pod('a', '1')
    expect(memo.forService(svc)(a1, value(a1))).toBe('a@1#1')
    expect(memo.forService(svc)(a1, value(a1))).toBe('a@1#1')
    const a2 = pod('a', '2')
    expect(memo.forService(svc)(a2, value(a2))).toBe('a@2#2')
    // Another version of the Service starts afresh.
    const svc2 = deepFreeze<Service>({ metadata: { name: 'web', namespace: 'default', uid: 'svc', resourceVersion: '9' } })
    expect(memo.forService(svc2)(a2, value(a2))).toBe('a@2#3')
    const loose: Pod = { metadata: { name: 'b', uid: 'uid-b' } }
    memo.forService(svc)(loose, value(loose))
    memo.forService(svc)(loose, value(loose))
    expect(computed).toBe(5)
  })

  it('forgets the pods a sync no longer reads once they outnumber those it does', () => {
    const memo = new ServicePodMemo<number>()
    let computed = 0
    const pods = Array.from({ length: 40 }, (_, i) => pod(`p${i}`, '1'))
    let sync = memo.forService(svc)
    for (const p of pods) sync(p, () => ++computed)
    // Two syncs that read only the first pod: the other 39 are swept at the start of the second.
    memo.forService(svc)(pods[0], () => ++computed)
    memo.forService(svc)(pods[0], () => ++computed)
    expect(computed).toBe(40)
    sync = memo.forService(svc)
    sync(pods[1], () => ++computed)
    expect(computed).toBe(41)
  })
})
