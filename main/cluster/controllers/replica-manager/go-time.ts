/** A metav1.Time as Go's %v prints it in messages: `2026-11-26 10:12:21 +0000 UTC`. */
export function goTime(rfc3339: string): string {
  const ms = Date.parse(rfc3339)
  if (Number.isNaN(ms)) return rfc3339
  const iso = new Date(ms).toISOString()
  const fraction = iso.slice(20, 23).replace(/0+$/, '')
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''} +0000 UTC`
}
