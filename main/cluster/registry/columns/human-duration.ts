/**
 * Ages as kubectl prints them (k8s.io/apimachinery/pkg/util/duration.HumanDuration):
 * `45s`, `3m20s`, `12m`, `5h3m`, `20h`, `3d4h`, `12d`, `2y30d`, `9y`.
 * Up to two seconds in the future still reads `0s` (clock skew); further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  // Go converts with int(d.Seconds()), which truncates toward zero: -1.9s is -1, "0s".
  const seconds = Math.trunc(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const d = Math.floor(hours / 24) % 365
    return d === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${d}d`
  }
  return `${Math.floor(hours / 24 / 365)}y`
}

/** Go's zero time.Time, which JSON shows as `0001-01-01T00:00:00Z` when a struct is not omitted. */
const zeroTime = Date.parse('0001-01-01T00:00:00Z')

/**
 * A metav1.Time or MicroTime as ms since the epoch, or undefined where Go's
 * IsZero() holds (absent, null, empty, unparseable or year 1).
 */
export function parseTime(timestamp: string | null | undefined): number | undefined {
  if (!timestamp) return undefined
  const t = Date.parse(timestamp)
  if (Number.isNaN(t) || t <= zeroTime) return undefined
  return t
}

/** translateTimestampSince: how long ago the timestamp was, or `<unknown>` for a zero time. */
export function timestampSince(timestamp: string | null | undefined, now: number): string {
  const t = parseTime(timestamp)
  return t === undefined ? '<unknown>' : humanDuration(now - t)
}

/** The age of an object from its creationTimestamp, or `<unknown>`. */
export function age(timestamp: string | null | undefined, now: number): string {
  return timestampSince(timestamp, now)
}
