import { invalid } from '../../apimachinery/errors'
import { field, type FieldError } from '../../apimachinery/field-errors'

/** The longest manager name the apiserver accepts. */
const maxFieldManagerLength = 128

/** The options kind a write's query parameters decode into, named in its validation errors. */
export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions'

/**
 * The manager a write is recorded under: the request's `fieldManager`
 * (validated as the apiserver does: 422 when longer than 128 bytes or not
 * printable), or else the product of its User-Agent (`kubectl/v1.32.4
 * (linux/amd64) ...` -> `kubectl`), printable characters only, at most 128
 * of them.
 */
export function managerOf(fieldManager: string | null | undefined, userAgent: string | undefined, kind: WriteOptionsKind = 'CreateOptions'): string | undefined {
  if (fieldManager) {
    const errors = fieldManagerErrors(fieldManager)
    if (errors.length) throw invalid({ group: 'meta.k8s.io', kind }, '', errors)
    return fieldManager
  }
  const product = (userAgent ?? '').split('/')[0]
  let out = ''
  for (const ch of product) {
    if (!isPrintable(ch)) continue
    if (out.length >= maxFieldManagerLength) break
    out += ch
  }
  return out || undefined
}

function fieldManagerErrors(name: string): FieldError[] {
  const errors: FieldError[] = []
  if (Buffer.byteLength(name) > maxFieldManagerLength) errors.push(field.tooLong('fieldManager', name, maxFieldManagerLength))
  let at = 0
  for (const ch of name) {
    if (!isPrintable(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
      errors.push(field.invalid('fieldManager', name, `invalid character U+${code} (at position ${at})`))
    }
    at += Buffer.byteLength(ch)
  }
  return errors
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrintable(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)
}
