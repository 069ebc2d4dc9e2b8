import { describe, expect, it } from 'vitest'
import { conditionTone } from '../../../renderer/src/lib/condition-tone'

describe('conditionTone', () => {
  it('reads True as good for most conditions, and False as good where True is the trouble', () => {
    expect(conditionTone('Ready', 'True')).toBe('ok')
    expect(conditionTone('Ready', 'False')).toBe('warn')
    expect(conditionTone('MemoryPressure', 'False')).toBe('ok')
    expect(conditionTone('DiskPressure', 'True')).toBe('warn')
    expect(conditionTone('NetworkUnavailable', 'False')).toBe('ok')
    expect(conditionTone('ReplicaFailure', 'True')).toBe('warn')
    expect(conditionTone('DisruptionTarget', 'True')).toBe('warn')
    expect(conditionTone('Ready', 'Unknown')).toBe('neutral')
  })
})
