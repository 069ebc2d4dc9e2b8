/**
 * The manager a write is recorded under: the request's `fieldManager`, or
 * else the product of its User-Agent (`kubectl/v1.32.4 (linux/amd64) ...`
 * -> `kubectl`), printable characters only, at most 128 of them, as the
 * apiserver derives it.
 */
export function managerOf(fieldManager: string | null | undefined, userAgent: string | undefined): string | undefined {
  if (fieldManager) return fieldManager
  const product = (userAgent ?? '').split('/')[0]
  let out = ''
  for (const ch of product) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(ch)) continue
    if (out.length >= 128) break
    out += ch
  }
  return out || undefined
}
