import { describe, expect, it } from 'vitest'
import type { EventRow } from '../../../renderer/src/lib/events'
import { rowsUpTo, timeAtX, timelineBuckets, timelineSpan } from '../../../renderer/src/lib/event-timeline'

const t0 = Date.parse('2026-01-01T00:00:00Z')
const row = (seconds: number, type = 'Normal', reason = 'Started'): EventRow => ({
  key: `default/e${seconds}`,
  at: t0 + seconds * 1000,
  type,
  reason,
  object: 'pod/x',
  message: '',
  count: 1
})

describe('event timeline', () => {
  const rows = [row(300, 'Warning', 'BackOff'), row(120), row(100), row(10)] // newest first, as sortedEvents gives

  it('spans the oldest event to now, ten seconds at least', () => {
    expect(timelineSpan(rows, t0 + 400_000)).toEqual({ from: t0 + 10_000, to: t0 + 400_000 })
    expect(timelineSpan([], t0)).toEqual({ from: t0 - 10_000, to: t0 })
    expect(timelineSpan([row(0)], t0 + 2_000)).toEqual({ from: t0, to: t0 + 10_000 })
    // An event stamped after the renderer's idea of now still fits.
    expect(timelineSpan([row(500), row(100)], t0 + 400_000).to).toBe(t0 + 500_000)
  })

  it('counts normal and warning events per slice, the last slice inclusive', () => {
    const b = timelineBuckets(rows, t0, t0 + 300_000, 3)
    expect(b.map((x) => [x.normal, x.warning])).toEqual([
      [1, 0], // 10 s
      [2, 0], // 100 s and 120 s: a slice's start is inclusive
      [0, 1] // 300 s: the last slice includes its end
    ])
    expect(b[1].start).toBe(t0 + 100_000)
  })

  it('shows the stream as it stood at a past moment', () => {
    expect(rowsUpTo(rows, null)).toBe(rows)
    expect(rowsUpTo(rows, t0 + 110_000).map((r) => r.key)).toEqual(['default/e100', 'default/e10'])
    expect(rowsUpTo(rows, t0)).toEqual([])
  })

  it('maps a pointer position to a time, clamped to the strip', () => {
    expect(timeAtX(50, 200, t0, t0 + 400_000)).toBe(t0 + 100_000)
    expect(timeAtX(-5, 200, t0, t0 + 400_000)).toBe(t0)
    expect(timeAtX(900, 200, t0, t0 + 400_000)).toBe(t0 + 400_000)
  })
})
