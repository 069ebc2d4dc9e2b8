import { describe, expect, it } from 'vitest'
import { rfc3339, rfc3339Micro } from '../../../main/cluster/clock/format'

const t = Date.UTC(2026, 10, 26, 10, 12, 21, 123)

describe('timestamps', () => {
  it('writes metav1.Time with second precision, truncated', () => {
    expect(rfc3339(t)).toBe('2026-11-26T10:12:21Z')
    expect(rfc3339(t + 876.9)).toBe('2026-11-26T10:12:21Z')
  })

  it('writes metav1.MicroTime with six fractional digits', () => {
    expect(rfc3339Micro(t + 0.456)).toBe('2026-11-26T10:12:21.123456Z')
    expect(rfc3339Micro(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000000Z')
    expect(rfc3339Micro(Date.UTC(2026, 0, 1) + 0.001)).toBe('2026-01-01T00:00:00.000001Z')
  })
})
