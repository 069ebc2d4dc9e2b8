import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml'

/**
 * Where a field named by an API error sits in the YAML the user typed. The
 * API names fields as Kubernetes' field.Path prints them
 * (`spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`);
 * this walks the same path through the document's syntax tree and answers
 * with source offsets, so the editor can mark the line and show the message
 * there. A field the API says is missing (`Required value`) is not in the
 * YAML: the answer is then its nearest ancestor that is, flagged `exact: false`.
 */

/** One step of a field path: a map key or a list index. */
export type PathSegment = { key: string } | { index: number }

/** A source range in the whole text (offsets), and whether it is the field itself or its nearest ancestor. */
export interface FieldRange {
  from: number
  to: number
  exact: boolean
}

/**
 * Splits a field.Path string into segments. `a.b[2].c` is key a, key b,
 * index 2, key c; `[x.y]` after a map is the key `x.y` (brackets keep dots).
 */
export function parseFieldPath(path: string): PathSegment[] {
  const out: PathSegment[] = []
  let i = 0
  let name = ''
  const flush = (): void => {
    if (name) out.push({ key: name })
    name = ''
  }
  while (i < path.length) {
    const c = path[i]
    if (c === '.') {
      flush()
      i++
    } else if (c === '[') {
      flush()
      const end = path.indexOf(']', i + 1)
      const inside = end < 0 ? path.slice(i + 1) : path.slice(i + 1, end)
      out.push(/^\d+$/.test(inside) ? { index: Number(inside) } : { key: inside })
      i = end < 0 ? path.length : end + 1
    } else {
      name += c
      i++
    }
  }
  flush()
  return out
}

/** The range of a node's key line: from the key to the end of its value's first line. */
function pairRange(keyNode: YamlNode | null | undefined, value: YamlNode | null | undefined): [number, number] | undefined {
  const start = keyNode?.range?.[0] ?? value?.range?.[0]
  if (start === undefined) return undefined
  const end = isScalar(value) && value.range ? value.range[1] : (keyNode?.range?.[1] ?? start)
  return [start, Math.max(end, start + 1)]
}

/**
 * Finds a field path in one parsed document of `source`. Undefined when the
 * document has no contents at all.
 */
export function findFieldInDocument(doc: Document, path: PathSegment[], source: string): FieldRange | undefined {
  const lineEnd = (offset: number): number => {
    const nl = source.indexOf('\n', offset)
    return nl < 0 ? source.length : nl
  }
  let node: unknown = doc.contents
  if (!node || !(node as YamlNode).range) return undefined
  const root = (node as YamlNode).range!
  // Until a segment is found, the best we can point at is the document's first line.
  let best: [number, number] = [root[0], Math.max(root[0] + 1, Math.min(root[1], lineEnd(root[0])))]
  for (let s = 0; s < path.length; s++) {
    const seg = path[s]
    let next: unknown
    let range: [number, number] | undefined
    if ('index' in seg && isSeq(node)) {
      const item = node.items[seg.index] as YamlNode | undefined
      if (item?.range) {
        next = item
        range = [item.range[0], Math.max(item.range[0] + 1, lineEnd(item.range[0]))]
      }
    } else if (isMap(node)) {
      const key = 'key' in seg ? seg.key : String(seg.index)
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)
      if (pair) {
        next = pair.value
        range = pairRange(pair.key as YamlNode, pair.value as YamlNode | null)
      }
    }
    if (!range) return { from: best[0], to: best[1], exact: false }
    best = range
    node = next
    // A key present with no value (`image:`) ends the walk here.
    if (!next) return { from: best[0], to: best[1], exact: s === path.length - 1 }
  }
  return { from: best[0], to: best[1], exact: true }
}

/** The documents of a YAML text, as the apply call numbers them (1-based positions). */
export function parseDocuments(text: string): Document[] {
  const docs = parseAllDocuments(text)
  return Array.isArray(docs) ? docs : []
}

/**
 * The range of `field` in document `position` (1-based) of `text`; `item`
 * is the index within a `kind: List` document. Undefined when there is no such document.
 */
export function findField(text: string, position: number, field: string | undefined, item?: number): FieldRange | undefined {
  const doc = parseDocuments(text)[position - 1]
  if (!doc) return undefined
  const path = [...(item !== undefined ? [{ key: 'items' }, { index: item }] : []), ...parseFieldPath(field ?? '')] as PathSegment[]
  return findFieldInDocument(doc, path, text)
}

/** Where a YAML syntax error of document `position` is, from the parser's own positions. */
export function syntaxErrorRange(text: string, position: number): FieldRange | undefined {
  const doc = parseDocuments(text)[position - 1]
  const err = doc?.errors[0]
  if (!err) return undefined
  const [from, to] = err.pos
  return { from, to: Math.max(to, from + 1), exact: true }
}
