import { vouchDeepFrozen } from '../../storage/freeze'
import { RecentMap } from './recent-map'

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
 *
 * Sets are values: the operations below return new sets that may share
 * nodes with their inputs, so a set is not changed once built.
 */

/** Encoded branches remembered for sharing (those in use keep coming back and stay). */
const INTERNED_KEPT = 2048

export type PathElement = string
export type FieldPath = readonly PathElement[]

export interface FieldSet {
  /** Whether the path leading here is in the set (never true at the root). */
  member: boolean
  children: Map<PathElement, FieldSet>
  /** The FieldsV1 of its children once encoded (null: none has content); valid for good, as sets are not changed once built. */
  encoded: Branch | null | undefined
  /** Its FieldsV1 as a child once encoded (null: nothing). */
  branch: Branch | null | undefined
}

/** A node (every node is made here, so that all have one shape). */
function node(member: boolean, children: Map<PathElement, FieldSet>): FieldSet {
  return { member, children, encoded: undefined, branch: undefined }
}

export function emptySet(): FieldSet {
  return node(false, new Map())
}

/**
 * The children of a leaf: one empty map shared by every leaf made here, never
 * added to (a node gets a map of its own before its first child). Most nodes
 * of a set are leaves, and a map each was most of what building sets allocated.
 */
const noChildren: Map<PathElement, FieldSet> = new Map()

/** A node's children, copied (the shared empty map when there are none). */
function copyChildren(children: Map<PathElement, FieldSet>): Map<PathElement, FieldSet> {
  return children.size ? new Map(children) : noChildren
}

/** Adds one path. */
export function insert(set: FieldSet, path: FieldPath): void {
  let node = set
  for (const pe of path) {
    let next = node.children.get(pe)
    if (!next) {
      next = { member: false, children: noChildren, encoded: undefined, branch: undefined }
      if (node.children === noChildren) node.children = new Map()
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
  const member = a.member || b.member
  // `a` itself when `b` adds nothing, so an owner's unchanged set keeps its identity (and its cached encoding); its children are copied only once one differs.
  let children: Map<PathElement, FieldSet> | undefined
  for (const [pe, child] of a.children) {
    const other = b.children.get(pe)
    const merged = other ? union(child, other) : child
    if (children) children.set(pe, merged)
    else if (merged !== child) (children = entriesBefore(a.children, pe)).set(pe, merged)
  }
  for (const [pe, child] of b.children) {
    if (a.children.has(pe)) continue
    ;(children ??= new Map(a.children)).set(pe, child)
  }
  if (!children && member === a.member) return a
  return node(member, children ?? copyChildren(a.children))
}

/** A new map of the entries of `map` before `stop`. */
function entriesBefore(map: Map<PathElement, FieldSet>, stop: PathElement): Map<PathElement, FieldSet> {
  const out = new Map<PathElement, FieldSet>()
  for (const [pe, child] of map) {
    if (pe === stop) break
    out.set(pe, child)
  }
  return out
}

/** Members of `a` that are not members of `b`. */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  return combine(a, b, (x, y) => x.member && !y.member, false)
}

/** Members of `a` that are neither members of `b` nor below a member of `b`. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  return combine(a, b, (x, y) => x.member && !y.member, true)
}

/** Members in both. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out = node(a.member && b.member, new Map())
  for (const [pe, child] of a.children) {
    const other = b.children.get(pe)
    if (!other) continue
    const both = intersection(child, other)
    if (both.member || both.children.size) out.children.set(pe, both)
  }
  return out
}

/** `a` walked along `b`: membership decided by `keep`; below a member of `b`, nothing when `recursive`. Empty branches dropped. */
function combine(a: FieldSet, b: FieldSet, keep: (x: FieldSet, y: FieldSet) => boolean, recursive: boolean): FieldSet {
  const member = keep(a, b)
  // `a` itself when nothing of it goes (see union).
  let children: Map<PathElement, FieldSet> | undefined
  for (const [pe, child] of a.children) {
    const other = b.children.get(pe)
    let next: FieldSet | undefined = child
    if (other) {
      if (recursive && other.member) next = undefined
      else {
        const rest = combine(child, other, keep, recursive)
        next = rest.member || rest.children.size ? rest : undefined
      }
    }
    if (children) {
      if (next) children.set(pe, next)
    } else if (next !== child) {
      children = entriesBefore(a.children, pe)
      if (next) children.set(pe, next)
    }
  }
  if (!children && member === a.member) return a
  return node(member, children ?? copyChildren(a.children))
}

/** Path elements in structured-merge-diff's order: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const r = rank(a.charCodeAt(0)) - rank(b.charCodeAt(0))
  if (r !== 0) return r
  if (a.charCodeAt(0) === 105 /* i */) return Number(a.slice(2)) - Number(b.slice(2))
  return a < b ? -1 : a > b ? 1 : 0
}

/** f, k, v, i. */
function rank(c: number): number {
  return c === 102 ? 0 : c === 107 ? 1 : c === 118 ? 2 : 3
}

function sortedKeys(set: FieldSet): PathElement[] {
  // An insertion sort into an array of the exact size: a node has a few children, and every new node of every write is encoded, so
  // spreading the keys (a growing array) and Array.prototype.sort (a scratch copy) allocated more than the encoding kept. Stable, as sort is.
  const out = new Array<PathElement>(set.children.size)
  let n = 0
  for (const pe of set.children.keys()) {
    let at = n++
    while (at > 0 && comparePathElements(out[at - 1], pe) > 0) {
      out[at] = out[at - 1]
      at--
    }
    out[at] = pe
  }
  return out
}

/**
 * The FieldsV1 JSON of a set, frozen. Sets are values whose unchanged
 * subtrees are shared from one version to the next (union and difference
 * keep them), so each subtree's JSON is built once and shared too: a
 * manager's set that changed in one branch is encoded in that branch only.
 * Equal branches of different sets are encoded as one object too, as long
 * as it is in use (`interned`): pods made from one template carry the same
 * entries but for a few keys (their pod IP), and 100,000 stored pods then
 * share one tree of each instead of holding 100,000 copies.
 *
 * Branches are hash-consed bottom up: each encoded branch has a number, and
 * a branch is found by its path elements' and its children's numbers, so
 * finding one costs its own children, never the text of its whole subtree.
 */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  return childrenJson(set)?.json ?? emptyJson
}

const emptyJson: Record<string, unknown> = Object.freeze({})
vouchDeepFrozen(emptyJson)

/**
 * An encoded branch and its number. Numbers are never reused, so a number
 * names its branch's content for as long as the branch lives, whether or
 * not `interned` still holds it.
 */
interface Branch {
  json: Record<string, unknown>
  number: number
}

const emptyBranch: Branch = { json: emptyJson, number: 0 }
let lastNumber = 0
/** A branch's content (its path elements and children's numbers) -> the one frozen branch with it, for the branches encoded lately. */
const interned = new RecentMap<string, Branch>(INTERNED_KEPT)

/** Path elements numbered lately, bounded: the same few recur in every set, item keys (a pod's IP) may be anything. */
const PATH_ELEMENTS_KEPT = 8192
const pathElementNumbers = new RecentMap<PathElement, number>(PATH_ELEMENTS_KEPT)
let lastPathElementNumber = 0

/**
 * A number naming a path element in branch keys. Numbers are never reused:
 * a path element dropped from the table comes back under a new number, so a
 * key can miss a branch it once named, never name another's content.
 */
function pathElementNumber(pe: PathElement): number {
  let n = pathElementNumbers.get(pe)
  if (n === undefined) pathElementNumbers.set(pe, (n = ++lastPathElementNumber))
  return n
}

/** `json` frozen as the branch with content `key` from now on (callers look `key` up first, so that nothing is built for a known branch). */
function internNew(key: string, json: Record<string, unknown>): Branch {
  Object.freeze(json)
  // Frozen branches of frozen branches: stored objects share it unwalked.
  vouchDeepFrozen(json)
  const branch = { json, number: ++lastNumber }
  interned.set(key, branch)
  return branch
}

/** A branch that is a member and has children: `{".": {}, ...inner}`. Its key starts with `.`, which no child's key does. */
function memberBranch(inner: Branch): Branch {
  const key = `.${inner.number}`
  return interned.get(key) ?? internNew(key, Object.assign({ '.': emptyJson }, inner.json))
}

/** A node's FieldsV1 as a child (undefined when it has no content), kept on the node. */
function branchOf(child: FieldSet): Branch | undefined {
  if (child.branch !== undefined) return child.branch ?? undefined
  const inner = child.children.size ? childrenJson(child) : undefined
  let value: Branch | undefined
  if (!inner) value = child.member ? emptyBranch : undefined
  else value = child.member ? memberBranch(inner) : inner
  child.branch = value ?? null
  return value
}

/** The FieldsV1 of a node's children (undefined when none has content), kept on the node. */
function childrenJson(set: FieldSet): Branch | undefined {
  if (set.encoded !== undefined) return set.encoded ?? undefined
  const keys = sortedKeys(set)
  // Each child as `<path element's number>:<branch number>,`: short keys, hashed in a few characters per child where the
  // path elements' text (`k:{"type":"PodReadyToStartContainers"}`...) made every lookup hash a long new string.
  let key = ''
  for (let i = 0; i < keys.length; i++) {
    const pe = keys[i]
    const value = branchOf(set.children.get(pe)!)
    if (value) key += `${pathElementNumber(pe)}:${value.number},`
  }
  let out: Branch | undefined
  if (key) {
    out = interned.get(key)
    if (!out) {
      // A new branch: its children's branches are kept on them (branchOf above), so this second pass looks nothing up but them.
      const json: Record<string, unknown> = {}
      for (let i = 0; i < keys.length; i++) {
        const value = set.children.get(keys[i])!.branch
        if (value) json[keys[i]] = value.json
      }
      out = internNew(key, json)
    }
  }
  set.encoded = out ?? null
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
