/**
 * Timestamps as Kubernetes writes them. metav1.Time serialises with second
 * precision (`2026-11-26T10:12:21Z`); metav1.MicroTime (events, leases) with
 * exactly six fractional digits. Both are UTC with a `Z` suffix.
 */

/** `2026-11-26T10:12:21Z`: truncated to the second, as Go's time.Format truncates. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000)
  // Every write stamps the current second, many times over: the last one formatted is kept.
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z')
    lastSecond = second
  }
  return lastText
}

let lastSecond = NaN
let lastText = ''

/** `2026-11-26T10:12:21.123456Z`. */
export function rfc3339Micro(ms: number): string {
  // Integer microseconds: realtime clocks at fractional speeds produce fractional
  // ms, and rounding here hides float noise such as 123.45599999 ms.
  const micros = Math.round(ms * 1000)
  const seconds = Math.floor(micros / 1_000_000)
  const fraction = micros - seconds * 1_000_000
  const base = new Date(seconds * 1000).toISOString().slice(0, 19)
  return `${base}.${String(fraction).padStart(6, '0')}Z`
}
