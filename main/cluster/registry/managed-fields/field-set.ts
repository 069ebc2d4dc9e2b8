/**
 * A set of field paths, as structured-merge-diff's fieldpath.Set: a tree
 * whose edges are path elements and whose nodes may be members of the set
 * themselves. It is exactly the shape of FieldsV1 JSON, where `.` marks a
 * node that is a member and has children.
 *
 * Path elements are kept in their FieldsV1 spelling:
 * - `f:<name>`   a field of a struct or a key of a map
 * - `k:<json>`   an item of an associative list, by its keys (`k:{"name":"web"}`)
 * - `v:<json>`   an item of a set, by its value (`v:"example.com/a"`)
 * - `i:<n>`      an item of a list by index (lists without keys)
 */

export type PathElement = string
export type FieldPath = readonly PathElement[]

export interface FieldSet {
  /** Whether the path leading here is in the set (never true at the root). */
  member: boolean
  children: Map<PathElement, FieldSet>
}

export function emptySet(): FieldSet {
  return { member: false, children: new Map() }
}

/** Adds one path. */
export function insert(set: FieldSet, path: FieldPath): void {
  let node = set
  for (const pe of path) {
    let next = node.children.get(pe)
    if (!next) {
      next = emptySet()
      node.children.set(pe, next)
    }
    node = next
  }
  if (path.length) node.member = true
}

/** The node at `path`, if the set has members at or below it. */
export function nodeAt(set: FieldSet, path: FieldPath): FieldSet | undefined {
  let node: FieldSet | undefined = set
  for (const pe of path) {
    node = node.children.get(pe)
    if (!node) return undefined
  }
  return node
}

export function has(set: FieldSet, path: FieldPath): boolean {
  return nodeAt(set, path)?.member === true && path.length > 0
}

/** Whether `path` or anything below it is a member. */
export function hasAtOrBelow(set: FieldSet, path: FieldPath): boolean {
  const node = nodeAt(set, path)
  return !!node && !isEmpty(node, path.length === 0)
}

export function isEmpty(set: FieldSet, ignoreSelf = true): boolean {
  if (!ignoreSelf && set.member) return false
  for (const child of set.children.values()) if (!isEmpty(child, false)) return false
  return true
}

/** Every member path, in structured-merge-diff's order. */
export function members(set: FieldSet, prefix: PathElement[] = []): FieldPath[] {
  const out: FieldPath[] = []
  if (set.member && prefix.length) out.push([...prefix])
  for (const pe of sortedKeys(set)) out.push(...members(set.children.get(pe)!, [...prefix, pe]))
  return out
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out = clone(a)
  for (const p of members(b)) insert(out, p)
  return out
}

/** Members of `a` that are not members of `b`. */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  return filter(a, (p) => !has(b, p))
}

/** Members of `a` that are neither members of `b` nor below a member of `b`. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  return filter(a, (p) => !p.some((_, i) => has(b, p.slice(0, i + 1))))
}

/** Members in both. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  return filter(a, (p) => has(b, p))
}

export function equalSets(a: FieldSet, b: FieldSet): boolean {
  const ma = members(a)
  const mb = members(b)
  return ma.length === mb.length && ma.every((p, i) => p.join('\u0000') === mb[i].join('\u0000'))
}

function filter(set: FieldSet, keep: (p: FieldPath) => boolean): FieldSet {
  const out = emptySet()
  for (const p of members(set)) if (keep(p)) insert(out, p)
  return out
}

function clone(set: FieldSet): FieldSet {
  const out: FieldSet = { member: set.member, children: new Map() }
  for (const [pe, child] of set.children) out.children.set(pe, clone(child))
  return out
}

/** Path elements in structured-merge-diff's order: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const rank = (pe: PathElement): number => 'fkvi'.indexOf(pe[0])
  const r = rank(a) - rank(b)
  if (r !== 0) return r
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2))
  return a < b ? -1 : a > b ? 1 : 0
}

function sortedKeys(set: FieldSet): PathElement[] {
  return [...set.children.keys()].sort(comparePathElements)
}

/** The FieldsV1 JSON of a set. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const pe of sortedKeys(set)) {
    const child = set.children.get(pe)!
    if (isEmpty(child, true) && !child.member) continue
    const body = toFieldsV1(child)
    out[pe] = child.member && Object.keys(body).length ? { '.': {}, ...body } : body
  }
  return out
}

/** A set from FieldsV1 JSON; undefined when the JSON is not a FieldsV1 document. */
export function fromFieldsV1(json: unknown): FieldSet | undefined {
  if (!isPlainObject(json)) return undefined
  const set = emptySet()
  return read(json, set, true) ? set : undefined
}

function read(json: Record<string, unknown>, node: FieldSet, root: boolean): boolean {
  for (const [pe, value] of Object.entries(json)) {
    if (!isPlainObject(value)) return false
    if (pe === '.') {
      if (root) return false
      node.member = true
      continue
    }
    if (!/^[fkvi]:/.test(pe)) return false
    const child = emptySet()
    if (Object.keys(value).length === 0) child.member = true
    else if (!read(value, child, false)) return false
    node.children.set(pe, child)
  }
  return true
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** A path as structured-merge-diff prints it: `.spec.containers[name="web"].image`. */
export function pathString(path: FieldPath): string {
  return path
    .map((pe) => {
      const body = pe.slice(2)
      switch (pe[0]) {
        case 'f':
          return `.${body}`
        case 'k': {
          const key = JSON.parse(body) as Record<string, unknown>
          return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`
        }
        case 'v':
          return `[=${body}]`
        default:
          return `[${body}]`
      }
    })
    .join('')
}
