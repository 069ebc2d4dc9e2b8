/**
 * The standard cron schedule Kubernetes accepts (robfig/cron's ParseStandard):
 * five fields (minute hour day-of-month month day-of-week) of `*`, `?`,
 * numbers, names (JAN-DEC, SUN-SAT), ranges, lists and `/step`; or one of
 * @yearly @annually @monthly @weekly @daily @midnight @hourly. Times are UTC.
 */

export interface CronSchedule {
  minute: Set<number>
  hour: Set<number>
  dom: Set<number>
  month: Set<number>
  dow: Set<number>
  /** Either day field is `*` (or `?`): the day must match both; else either (cron's rule). */
  dayStar: boolean
}

interface Bounds {
  min: number
  max: number
  names?: Record<string, number>
}

const months: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 }
const days: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }
const fieldBounds: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 0, max: 6, names: days }
]
const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *'
}

function number(text: string, b: Bounds): number {
  const named = b.names?.[text.toLowerCase()]
  if (named !== undefined) return named
  if (!/^\d+$/.test(text)) throw new Error(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`)
  return Number(text)
}

function parseField(text: string, b: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>()
  let star = false
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/')
    if (extra !== undefined) throw new Error(`too many slashes: ${part}`)
    let lo: number
    let hi: number
    if (range === '*' || range === '?') {
      ;[lo, hi] = [b.min, b.max]
      if (stepText === undefined) star = true
    } else {
      const [a, z, more] = range.split('-')
      if (more !== undefined) throw new Error(`too many hyphens: ${range}`)
      lo = number(a, b)
      hi = z === undefined ? (stepText === undefined ? lo : b.max) : number(z, b)
    }
    const step = stepText === undefined ? 1 : number(stepText, { min: 0, max: 0 })
    if (lo < b.min) throw new Error(`beginning of range (${lo}) below minimum (${b.min}): ${part}`)
    if (hi > b.max) throw new Error(`end of range (${hi}) above maximum (${b.max}): ${part}`)
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`)
    if (step === 0) throw new Error(`step of range should be a positive number: ${part}`)
    for (let v = lo; v <= hi; v += step) values.add(v)
  }
  return { values, star }
}

/** Parses a schedule; throws with robfig/cron's message when it is not one. */
export function parseCronSchedule(spec: string): CronSchedule {
  const text = spec.trim()
  if (text === '') throw new Error('empty spec string')
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) throw new Error('TZ and CRON_TZ are not supported in the schedule; use spec.timeZone')
  const expanded = text.startsWith('@') ? descriptors[text] : text
  if (expanded === undefined) throw new Error(`unrecognized descriptor: ${text}`)
  const fields = expanded.split(/\s+/)
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`)
  const [minute, hour, dom, month, dow] = fields.map((f, i) => parseField(f, fieldBounds[i]))
  return { minute: minute.values, hour: hour.values, dom: dom.values, month: month.values, dow: dow.values, dayStar: dom.star || dow.star }
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.dom.has(d.getUTCDate())
  const dow = s.dow.has(d.getUTCDay())
  return s.dayStar ? dom && dow : dom || dow
}

/** The first scheduled time strictly after `after` (ms, UTC), or undefined within five years. */
export function nextCronTime(s: CronSchedule, after: number): number | undefined {
  const t = new Date(Math.floor(after / 60_000) * 60_000 + 60_000)
  const limit = after + 5 * 366 * 86_400_000
  while (t.getTime() <= limit) {
    if (!s.month.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1)
      t.setUTCHours(0, 0, 0, 0)
    } else if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1)
      t.setUTCHours(0, 0, 0, 0)
    } else if (!s.hour.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0)
    } else if (!s.minute.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0)
    } else return t.getTime()
  }
  return undefined
}
