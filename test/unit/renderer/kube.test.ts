/** Display readers of Kubernetes objects: kubectl's STATUS, selectors, AGE. */
import { describe, expect, it } from 'vitest'
import { age, podSummary, selectorMatches, selectorText } from './modules'
import type { KubeObject } from '../../../preload/contract'

const pod = (status: unknown, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name: 'p', namespace: 'default', ...extra },
  spec: { nodeName: 'n1', containers: [{ name: 'a' }, { name: 'b' }] },
  status
})

describe('podSummary', () => {
  it.each([
    [{ phase: 'Running', containerStatuses: [{ name: 'a', ready: true }, { name: 'b', ready: true }] }, 'Running', 'ok', '2/2'],
    [{ phase: 'Running', containerStatuses: [{ name: 'a', ready: true }, { name: 'b', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, 'CrashLoopBackOff', 'error', '1/2'],
    [{ phase: 'Pending', containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ContainerCreating' } } }] }, 'ContainerCreating', 'progress', '0/2'],
    [{ phase: 'Succeeded' }, 'Succeeded', 'done', '0/2'],
    [{ phase: 'Failed', reason: 'Evicted' }, 'Evicted', 'error', '0/2'],
    // On a node that stopped reporting: the containers were last seen ready, the pod is not.
    [{ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'a', ready: true }, { name: 'b', ready: true }] }, 'Running', 'warn', '2/2']
  ])('%j reads as %s', (status, text, tone, ready) => {
    const s = podSummary(pod(status))
    expect([s.status, s.tone, `${s.ready}/${s.total}`]).toEqual([text, tone, ready])
  })

  it('says Terminating for a pod being deleted, and Pending for one not scheduled', () => {
    expect(podSummary(pod({ phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:00:00Z' })).status).toBe('Terminating')
    expect(podSummary({ metadata: { name: 'x' }, spec: { containers: [] } }).status).toBe('Pending')
  })
})

describe('selectors', () => {
  it('match a Service map selector and a LabelSelector; an empty selector matches nothing', () => {
    expect(selectorMatches({ app: 'redis', role: 'master' }, { app: 'redis', role: 'master', tier: 'backend' })).toBe(true)
    expect(selectorMatches({ app: 'redis', role: 'master' }, { app: 'redis' })).toBe(false)
    expect(selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, { app: 'web', tier: 'fe' })).toBe(true)
    expect(selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, { canary: 'yes' })).toBe(false)
    expect(selectorMatches({}, { app: 'web' })).toBe(false)
    expect(selectorMatches(undefined, { app: 'web' })).toBe(false)
  })

  it('print as kubectl does', () => {
    expect(selectorText({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }, { key: 'x', operator: 'Exists' }] })).toBe('app=web,env notin (dev),x')
    expect(selectorText(undefined)).toBe('<none>')
  })
})

describe('age', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z')
  it.each([
    [45_000, '45s'],
    [3 * 60_000 + 12_000, '3m12s'],
    [42 * 60_000, '42m'],
    [5 * 3600_000 + 30 * 60_000, '5h30m'],
    [30 * 3600_000, '30h'],
    [(2 * 24 + 3) * 3600_000, '2d3h'],
    [400 * 86400_000, '400d']
  ])('%d ms reads %s', (ms, text) => {
    expect(age('2026-01-01T00:00:00Z', t0 + ms)).toBe(text)
  })
})
