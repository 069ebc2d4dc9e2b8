/**
 * RFC 6901 JSON pointer tokens. Decoding turns `~1` into `/` before `~0`
 * into `~`, so that `~01` decodes to `~1` (RFC 6901 §4).
 */

/** Decodes one reference token. */
export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** Encodes one reference token (`~` first, so `/` does not get doubled). */
export function encodePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Builds a pointer from raw tokens: `['spec', 'a/b']` → `/spec/a~1b`. */
export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${encodePointerToken(t)}`).join('')
}

/**
 * Go's strconv.Atoi as evanphx/json-patch uses it for array indices: an
 * optional sign and decimal digits (leading zeros allowed); anything else
 * is an error with Go's wording.
 */
export function goAtoi(s: string): number | { error: string } {
  const quoted = JSON.stringify(s)
  if (!/^[+-]?\d+$/.test(s)) return { error: `strconv.Atoi: parsing ${quoted}: invalid syntax` }
  const n = BigInt(s)
  if (n > 9223372036854775807n || n < -9223372036854775808n) return { error: `strconv.Atoi: parsing ${quoted}: value out of range` }
  return Number(n)
}
