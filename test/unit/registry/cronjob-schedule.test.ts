import { describe, expect, it } from 'vitest'
import { nextCronTime, parseCronSchedule } from '../../../main/cluster/registry/kinds/cronjob-schedule'

const at = (iso: string): number => Date.parse(iso)
const next = (spec: string, after: string): string => new Date(nextCronTime(parseCronSchedule(spec), at(after))!).toISOString()

describe('cron schedule (robfig/cron standard)', () => {
  it('finds the next time of steps, ranges, lists, names and descriptors', () => {
    expect(next('* * * * *', '2026-11-26T17:22:35Z')).toBe('2026-11-26T17:23:00.000Z')
    expect(next('*/15 * * * *', '2026-11-26T17:22:35Z')).toBe('2026-11-26T17:30:00.000Z')
    expect(next('0 9-17/4 * * MON-FRI', '2026-11-27T17:00:00Z')).toBe('2026-11-30T09:00:00.000Z')
    expect(next('30 2 1,15 * *', '2026-11-26T00:00:00Z')).toBe('2026-12-01T02:30:00.000Z')
    expect(next('0 0 1 JAN *', '2026-11-26T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z')
    expect(next('@hourly', '2026-11-26T17:00:00Z')).toBe('2026-11-26T18:00:00.000Z')
    // Both day fields restricted: either matches (the 13th, or any Friday).
    expect(next('0 0 13 * 5', '2026-11-26T00:00:00Z')).toBe('2026-11-27T00:00:00.000Z')
  })

  it('refuses what is not a schedule, with the parser message', () => {
    expect(() => parseCronSchedule('bad')).toThrow('expected exactly 5 fields, found 1: [bad]')
    expect(() => parseCronSchedule('61 * * * *')).toThrow('end of range (61) above maximum (59): 61')
    expect(() => parseCronSchedule('@often')).toThrow('unrecognized descriptor: @often')
    expect(() => parseCronSchedule('TZ=UTC * * * * *')).toThrow(/TZ/)
  })
})
