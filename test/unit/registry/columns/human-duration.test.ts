import { describe, expect, it } from 'vitest'
import { humanDuration, parseTime, timestampSince } from '../../../../main/cluster/registry/columns/human-duration'
import { ago, day, hour, minute, now, second } from './helpers'

describe('humanDuration (duration.HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [45 * second, '45s'],
    [119 * second, '119s'],
    [2 * minute, '2m'],
    [3 * minute + 20 * second, '3m20s'],
    [12 * minute, '12m'],
    [100 * minute, '100m'],
    [3 * hour, '3h'],
    [5 * hour + 3 * minute, '5h3m'],
    [20 * hour, '20h'],
    [2 * day, '2d'],
    [3 * day + 4 * hour, '3d4h'],
    [12 * day, '12d'],
    [90 * day, '90d'],
    [2 * 365 * day + 30 * day, '2y30d'],
    [9 * 365 * day, '9y'],
    [-1900, '0s'],
    [-2100, '<invalid>']
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text)
  })
})

describe('timestampSince (translateTimestampSince), from printers_test.go', () => {
  it.each([
    ['a while from now', ago(-2.1 * second), '<invalid>'],
    ['almost now', ago(-1.9 * second), '0s'],
    ['now', ago(0), '0s'],
    ['unknown', undefined, '<unknown>'],
    ['zero time', '0001-01-01T00:00:00Z', '<unknown>'],
    ['30 seconds ago', ago(30 * second), '30s'],
    ['5 minutes ago', ago(5 * minute), '5m'],
    ['an hour ago', ago(100 * minute), '100m'],
    ['2 days ago', ago(2 * day), '2d'],
    ['months ago', ago(90 * day), '90d'],
    ['10 years ago', ago(3652 * day), '10y']
  ])('%s', (_name, ts, text) => {
    expect(timestampSince(ts, now)).toBe(text)
  })

  it('reads micro-times and treats garbage as zero', () => {
    expect(parseTime('2025-03-01T11:59:30.123456Z')).toBe(now - 30 * second + 123)
    expect(parseTime('soon')).toBeUndefined()
    expect(parseTime('')).toBeUndefined()
  })
})
