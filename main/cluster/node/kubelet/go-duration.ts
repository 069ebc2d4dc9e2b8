/**
 * Durations as Go's time.Duration.String() prints them (`500ms`, `1.2s`,
 * `1m30.5s`, `2h0m0s`): the kubelet puts them in event messages such as
 * `Successfully pulled image "nginx" in 1.2s`. Millisecond precision is all
 * the simulation has.
 */
export function goDuration(ms: number): string {
  const total = Math.round(ms)
  if (total === 0) return '0s'
  if (total < 0) return `-${goDuration(-total)}`
  if (total < 1000) return `${total}ms`
  const hours = Math.floor(total / 3_600_000)
  const minutes = Math.floor((total % 3_600_000) / 60_000)
  const millis = total % 60_000
  const whole = Math.floor(millis / 1000)
  const fraction = String(millis % 1000).padStart(3, '0').replace(/0+$/, '')
  const seconds = `${whole}${fraction ? `.${fraction}` : ''}s`
  if (hours) return `${hours}h${minutes}m${seconds}`
  if (minutes) return `${minutes}m${seconds}`
  return seconds
}
