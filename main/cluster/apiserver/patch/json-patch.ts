import { PatchError } from './errors'
import { goJsonKind } from './go-format'
import { decodePointerToken, goAtoi } from './json-pointer'
import { type JsonObject, cloneJson, hasKey, isJsonObject, setKey } from './json-values'

/**
 * RFC 6902 JSON patch (`application/json-patch+json`), with the semantics of
 * gopkg.in/evanphx/json-patch.v4, which kube-apiserver 1.32 applies. Where
 * that library departs from the RFC, Kubernetes clients see its behaviour,
 * so this follows the library:
 *
 * - `replace` of a missing object member adds it (only array indices are
 *   checked for existence);
 * - `copy` from a missing object member copies `null`;
 * - `test` of a missing member passes when the value is `null`;
 * - negative array indices count from the end;
 * - indices are parsed with Go's strconv.Atoi (`+1`, `01` are accepted);
 * - a path without a leading `/` ignores its first segment.
 *
 * Error texts are the library's (`add operation does not apply: doc is
 * missing path: "/a/b": missing value`); the apiserver answers all of them
 * with a 422 whose message is generic (see errors.ts).
 */

/** One operation as decoded: any fields may be missing or of the wrong type. */
export interface JsonPatchOperation {
  op?: unknown
  path?: unknown
  from?: unknown
  value?: unknown
  [field: string]: unknown
}

/** kube-apiserver's maxJSONPatchOperations. */
export const maxJsonPatchOperations = 10000

/** The apiserver's default JSONPatchMaxCopyBytes (3 MiB): a bound on growth through `copy`. */
export const jsonPatchMaxCopyBytes = 3 * 1024 * 1024

export interface DecodeJsonPatchOptions {
  /**
   * With fieldValidation Strict or Warn the apiserver first decodes the body
   * into its own op struct, whose type errors read differently.
   */
  strict?: boolean
}

/** Validates a parsed `json-patch+json` body the way the apiserver decodes it; throws PatchError (400/413). */
export function decodeJsonPatch(body: unknown, options: DecodeJsonPatchOptions = {}): JsonPatchOperation[] {
  if (options.strict) checkStrictShape(body)
  // A JSON null decodes to an empty patch in Go.
  if (body === null) return []
  if (!Array.isArray(body)) throw new PatchError(`json: cannot unmarshal ${goJsonKind(body)} into Go value of type jsonpatch.Patch`, 'BadRequest')
  for (const op of body) {
    if (op !== null && goJsonKind(op) !== 'object') {
      throw new PatchError(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`, 'BadRequest')
    }
  }
  if (body.length > maxJsonPatchOperations) {
    throw new PatchError(`The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${body.length}`, 'TooLarge')
  }
  return body.map((op) => (op ?? {}) as JsonPatchOperation)
}

function checkStrictShape(body: unknown): void {
  const fail = (detail: string): never => {
    throw new PatchError(`error decoding patch: json: ${detail}`, 'BadRequest')
  }
  if (body === null) return
  if (!Array.isArray(body)) fail(`cannot unmarshal ${goJsonKind(body)} into Go value of type []handlers.jsonPatchOp`)
  for (const op of body as unknown[]) {
    if (op === null) continue
    if (goJsonKind(op) !== 'object') fail(`cannot unmarshal ${goJsonKind(op)} into Go value of type handlers.jsonPatchOp`)
    for (const field of ['op', 'path', 'from']) {
      const v = (op as Record<string, unknown>)[field]
      if (v !== undefined && v !== null && typeof v !== 'string') {
        fail(`cannot unmarshal ${goJsonKind(v)} into Go struct field jsonPatchOp.${field} of type string`)
      }
    }
  }
}

type Container = JsonObject | unknown[]
type Fail = (message: string) => never

/** evanphx's lazyNode.equal: structural, with null members equal to null. */
function nodesEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null)
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => nodesEqual(v, b[i]))
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => hasKey(b, k) && nodesEqual(a[k], b[k]))
  }
  return a === b
}

/**
 * How each operation words a bad `path`/`from`: some wrap the decoding error
 * (`... failed to decode path: operation missing path field: missing value`),
 * others always say `missing value`.
 */
interface FieldWording {
  prefix: string
  wraps: boolean
}

class Applier {
  private copied = 0

  constructor(
    public root: unknown,
    private readonly fail: Fail
  ) {}

  private field(op: JsonPatchOperation, name: 'path' | 'from', wording: FieldWording): string {
    const v = op[name]
    if (!wording.wraps && typeof v !== 'string') this.fail(`${wording.prefix}: missing value`)
    if (v === undefined || v === null) {
      const missing = name === 'path' ? 'operation missing path field' : 'operation, missing from field'
      this.fail(`${wording.prefix}: ${missing}: missing value`)
    }
    if (typeof v !== 'string') this.fail(`${wording.prefix}: json: cannot unmarshal ${goJsonKind(v)} into Go value of type string`)
    return v as string
  }

  /** findObject: the container holding the path's last token, or undefined. */
  private find(path: string): { con: Container; key: string } | undefined {
    const split = path.split('/')
    if (split.length < 2) return undefined
    let doc = this.root
    if (!isJsonObject(doc) && !Array.isArray(doc)) return undefined
    for (const part of split.slice(1, -1)) {
      const next = this.get(doc as Container, decodePointerToken(part))
      // A JSON null, a missing member, a bad index or a scalar all end the walk.
      if ('error' in next || (!isJsonObject(next.value) && !Array.isArray(next.value))) return undefined
      doc = next.value
    }
    return { con: doc as Container, key: decodePointerToken(split[split.length - 1]) }
  }

  /** Resolves an array index against `bound` (length, or length+1 for add), allowing negatives. */
  private index(key: string, bound: number): number | { error: string } {
    const idx = goAtoi(key)
    if (typeof idx !== 'number') return idx
    if (idx >= bound || idx < -bound) return { error: `Unable to access invalid index: ${idx}: invalid index referenced` }
    return idx < 0 ? idx + bound : idx
  }

  private get(con: Container, key: string): { value: unknown } | { error: string } {
    if (!Array.isArray(con)) return { value: hasKey(con, key) ? con[key] : undefined }
    const idx = this.index(key, con.length)
    return typeof idx === 'number' ? { value: con[idx] } : idx
  }

  private add(con: Container, key: string, value: unknown): string | undefined {
    if (!Array.isArray(con)) {
      setKey(con, key, value)
      return undefined
    }
    if (key === '-') {
      con.push(value)
      return undefined
    }
    const parsed = goAtoi(key)
    if (typeof parsed !== 'number') return `value was not a proper array index: '${key}': ${parsed.error}`
    const idx = this.index(key, con.length + 1)
    if (typeof idx !== 'number') return idx.error
    con.splice(idx, 0, value)
    return undefined
  }

  private remove(con: Container, key: string): string | undefined {
    if (!Array.isArray(con)) {
      if (!hasKey(con, key)) return `Unable to remove nonexistent key: ${key}: missing value`
      delete con[key]
      return undefined
    }
    const idx = this.index(key, con.length)
    if (typeof idx !== 'number') return idx.error
    con.splice(idx, 1)
    return undefined
  }

  apply(op: JsonPatchOperation): void {
    const kind = typeof op.op === 'string' ? op.op : 'unknown'
    // A missing value is a nil node in Go, which behaves as null everywhere.
    const value = op.value === undefined ? null : cloneJson(op.value)
    switch (kind) {
      case 'add':
        return this.opAdd(this.field(op, 'path', { prefix: 'add operation failed to decode path', wraps: false }), value)
      case 'remove':
        return this.opRemove(this.field(op, 'path', { prefix: 'remove operation failed to decode path', wraps: false }))
      case 'replace':
        return this.opReplace(this.field(op, 'path', { prefix: 'replace operation failed to decode path', wraps: true }), value)
      case 'move':
        return this.opMove(op)
      case 'test':
        return this.opTest(this.field(op, 'path', { prefix: 'test operation failed to decode path', wraps: true }), value)
      case 'copy':
        return this.opCopy(op)
      default:
        this.fail(`Unexpected kind: ${kind}`)
    }
  }

  private opAdd(path: string, value: unknown): void {
    const at = this.find(path) ?? this.fail(`add operation does not apply: doc is missing path: "${path}": missing value`)
    const err = this.add(at.con, at.key, value)
    if (err) this.fail(`error in add for path: '${path}': ${err}`)
  }

  private opRemove(path: string): void {
    const at = this.find(path) ?? this.fail(`remove operation does not apply: doc is missing path: "${path}": missing value`)
    const err = this.remove(at.con, at.key)
    if (err) this.fail(`error in remove for path: '${path}': ${err}`)
  }

  private opReplace(path: string, value: unknown): void {
    if (path === '') {
      // Go formats the nil error it has at hand with %w.
      if (!isJsonObject(value) && !Array.isArray(value)) this.fail('replace operation value must be object or array: %!w(<nil>)')
      this.root = value
      return
    }
    const at = this.find(path) ?? this.fail(`replace operation does not apply: doc is missing path: ${path}: missing value`)
    // Only arrays can fail the existence check: a missing object member is simply set.
    if ('error' in this.get(at.con, at.key)) this.fail(`replace operation does not apply: doc is missing key: ${path}: missing value`)
    if (Array.isArray(at.con)) at.con[this.index(at.key, at.con.length) as number] = value
    else setKey(at.con, at.key, value)
  }

  private opMove(op: JsonPatchOperation): void {
    const from = this.field(op, 'from', { prefix: 'move operation failed to decode from', wraps: true })
    const src = this.find(from) ?? this.fail(`move operation does not apply: doc is missing from path: ${from}: missing value`)
    const got = this.get(src.con, src.key)
    if ('error' in got) return this.fail(`error in move for path: '${src.key}': ${got.error}`)
    const err = this.remove(src.con, src.key)
    if (err) this.fail(`error in move for path: '${src.key}': ${err}`)
    const path = this.field(op, 'path', { prefix: 'move operation failed to decode path', wraps: true })
    const dst = this.find(path) ?? this.fail(`move operation does not apply: doc is missing destination path: ${path}: missing value`)
    const addErr = this.add(dst.con, dst.key, got.value ?? null)
    if (addErr) this.fail(`error in move for path: '${path}': ${addErr}`)
  }

  private opTest(path: string, expected: unknown): void {
    if (path === '') {
      if (!nodesEqual(this.root, expected)) this.fail(`testing value ${path} failed: test failed`)
      return
    }
    const at = this.find(path) ?? this.fail(`test operation does not apply: is missing path: ${path}: missing value`)
    const got = this.get(at.con, at.key)
    if ('error' in got) return this.fail(`error in test for path: '${path}': ${got.error}`)
    if (!nodesEqual(got.value, expected)) this.fail(`testing value ${path} failed: test failed`)
  }

  private opCopy(op: JsonPatchOperation): void {
    const from = this.field(op, 'from', { prefix: 'copy operation failed to decode from', wraps: true })
    const src = this.find(from) ?? this.fail(`copy operation does not apply: doc is missing from path: ${from}: missing value`)
    const got = this.get(src.con, src.key)
    if ('error' in got) return this.fail(`error in copy for from: '${from}': ${got.error}`)
    const path = this.field(op, 'path', { prefix: 'copy operation failed to decode path', wraps: false })
    const dst = this.find(path) ?? this.fail(`copy operation does not apply: doc is missing destination path: ${path}: missing value`)
    // A missing member is a nil node in Go: copying it adds null.
    const value = cloneJson(got.value ?? null)
    this.copied += Buffer.byteLength(JSON.stringify(value))
    if (this.copied > jsonPatchMaxCopyBytes) {
      this.fail(`Unable to complete the copy, the accumulated size increase of copy is ${this.copied}, exceeding the limit ${jsonPatchMaxCopyBytes}`)
    }
    const err = this.add(dst.con, dst.key, value)
    if (err) this.fail(`error while adding value during copy: ${err}`)
  }
}

/**
 * Applies decoded operations to a copy of `doc` and returns the result;
 * `doc` itself is not modified. Throws PatchError (kind Unprocessable).
 */
export function applyJsonPatch(doc: unknown, operations: readonly JsonPatchOperation[]): unknown {
  const applier = new Applier(cloneJson(doc), (message) => {
    throw new PatchError(message, 'Unprocessable')
  })
  for (const op of operations) applier.apply(op)
  return applier.root
}
