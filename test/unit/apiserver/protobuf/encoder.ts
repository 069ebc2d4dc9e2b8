/**
 * A tiny protobuf writer for tests: just enough to build the bodies client-go
 * sends. gogo writes every non-pointer field, zero or not, in field-number
 * order; the helpers make that easy to mirror.
 */

/** Bytes of a base-128 varint; negative numbers are sign-extended to 64 bits as protobuf does. */
export function varint(value: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(value))
  const out: number[] = []
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return Buffer.from(out)
}

/** A field key. */
export function key(field: number, wireType: number): Buffer {
  // Multiplication, not <<: field numbers reach 2^29 - 1 and JS shifts are 32-bit.
  return varint(BigInt(field) * 8n + BigInt(wireType))
}

/** A varint field (int32, int64, bool). */
export function int(field: number, value: number | bigint | boolean): Buffer {
  return Buffer.concat([key(field, 0), varint(typeof value === 'boolean' ? Number(value) : value)])
}

/** A length-delimited field from raw bytes. */
export function bytes(field: number, value: Uint8Array): Buffer {
  return Buffer.concat([key(field, 2), varint(value.length), value])
}

/** A string field. */
export function str(field: number, value: string): Buffer {
  return bytes(field, Buffer.from(value, 'utf8'))
}

/** A message field whose content is the concatenation of `parts`. */
export function msg(field: number, ...parts: Buffer[]): Buffer {
  return bytes(field, Buffer.concat(parts))
}

/** One map<string, string> entry. */
export function entry(field: number, k: string, v: string): Buffer {
  return msg(field, str(1, k), str(2, v))
}

/** A fixed64 field holding a double. */
export function double(field: number, value: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeDoubleLE(value)
  return Buffer.concat([key(field, 1), b])
}

/**
 * A whole body as client-go's protobuf serializer writes it: the magic
 * `k8s\0`, then runtime.Unknown{typeMeta{apiVersion, kind}, raw,
 * contentEncoding "", contentType ""}.
 */
export function k8sBody(apiVersion: string, kind: string, raw: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
    str(3, ''),
    str(4, '')
  ])
}

/** ObjectMeta with every non-pointer field written, as gogo writes it. */
export function objectMeta(name: string, extra: { namespace?: string; labels?: Record<string, string> } = {}): Buffer {
  return Buffer.concat([
    str(1, name),
    str(2, ''),
    str(3, extra.namespace ?? ''),
    str(4, ''),
    str(5, ''),
    str(6, ''),
    int(7, 0),
    msg(8), // creationTimestamp: a zero Time is an empty message
    ...Object.entries(extra.labels ?? {}).map(([k, v]) => entry(11, k, v))
  ])
}

/** Parses a fixture: `#` comment lines, then hex digits (whitespace ignored). */
export function parseHexFixture(text: string): { comments: string[]; bytes: Buffer } {
  const lines = text.split('\n')
  const comments = lines.filter((l) => l.startsWith('#')).map((l) => l.slice(1).trim())
  const hex = lines.filter((l) => !l.startsWith('#')).join('').replace(/\s+/g, '')
  return { comments, bytes: Buffer.from(hex, 'hex') }
}
