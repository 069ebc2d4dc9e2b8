import type { ApplyResult } from '../../../../preload/contract'
import { findField, parseDocuments, syntaxErrorRange } from '../../lib/yaml-fields'
import type { ErrorMarker } from './error-markers'

/**
 * How the Apply dialog sends a long manifest and shows what came back. The
 * text is sent a few documents at a time so the dialog can say how far it
 * got; each part is a slice of the text, so the main process numbers its
 * documents from 1 and the dialog adds the part's offset back. Failures
 * become markers at the fields the API named (Status causes), or at the
 * document when it named none.
 */

/** One call's worth of the text: documents `first`..`first + count - 1` (1-based). */
export interface ApplyPart {
  yaml: string
  first: number
  count: number
}

/** Documents per call: small enough for steady progress, large enough that a long file is not a thousand calls. */
export const documentsPerPart = 5

/** The parts to send, in order. YAML with a syntax error goes in one piece, so the main process reports it as it reads it. */
export function planParts(text: string, perPart = documentsPerPart): ApplyPart[] {
  const docs = parseDocuments(text)
  if (docs.length <= perPart || docs.some((d) => d.errors.length)) return [{ yaml: text, first: 1, count: Math.max(docs.length, 1) }]
  const parts: ApplyPart[] = []
  for (let i = 0; i < docs.length; i += perPart) {
    const group = docs.slice(i, i + perPart)
    // Blank documents (between separators) apply nothing; a part of only blanks is not sent.
    if (group.every((d) => d.contents === null)) continue
    const start = i === 0 ? 0 : (group[0].range?.[0] ?? 0)
    const end = i + perPart >= docs.length ? text.length : (group[group.length - 1].range?.[2] ?? text.length)
    parts.push({ yaml: text.slice(start, end), first: i + 1, count: group.length })
  }
  return parts
}

/** A part's results, renumbered to the whole text's documents. */
export function renumber(results: ApplyResult[], part: ApplyPart): ApplyResult[] {
  return results.map((r) => (r.ok ? r : { ...r, document: r.document + part.first - 1, message: r.message.replace(/\(document (\d+)\)/, (_m, n: string) => `(document ${Number(n) + part.first - 1})`) }))
}

/** Where each failure shows in the editor: one marker per field the API named, else one at the document. */
export function markersFor(text: string, results: ApplyResult[]): ErrorMarker[] {
  const markers: ErrorMarker[] = []
  for (const r of results) {
    if (r.ok) continue
    const syntax = syntaxErrorRange(text, r.document)
    if (syntax) {
      markers.push({ ...syntax, message: r.message })
      continue
    }
    const causes = (r.status?.details?.causes ?? []).filter((c) => c.field)
    for (const c of causes) {
      const range = findField(text, r.document, c.field, r.item)
      if (range) markers.push({ from: range.from, to: range.to, message: `${c.field}: ${c.message ?? c.reason ?? ''}` })
    }
    if (causes.length === 0) {
      // No field named (not found, no such kind, already exists...): the object's name, or its first line.
      const range = findField(text, r.document, 'metadata.name', r.item) ?? findField(text, r.document, '', r.item)
      if (range) markers.push({ from: range.from, to: range.to, message: r.message })
    }
  }
  return markers
}
