/**
 * A JSON reader that keeps every member of an object, duplicates included,
 * in document order -- what JSON.parse throws away and Go's strict decoder
 * reports (`duplicate field "spec.replicas"`).
 */

/** An object as written: its members in order, repeated keys kept. */
export class JsonEntries {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** Parses JSON text; objects become JsonEntries, arrays arrays, scalars JS values. Returns undefined for invalid JSON. */
export function parseJsonEntries(text: string): unknown {
  const p = new Reader(text)
  try {
    p.space()
    const v = p.value()
    p.space()
    return p.done() ? v : undefined
  } catch {
    return undefined
  }
}

class Reader {
  private i = 0
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i === this.s.length
  }

  space(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i)
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
      this.i++
    }
  }

  private fail(): never {
    throw new SyntaxError(`invalid JSON at ${this.i}`)
  }

  value(): unknown {
    const c = this.s[this.i]
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') return this.string()
    return this.scalar()
  }

  private object(): JsonEntries {
    this.i++
    const entries: Array<[string, unknown]> = []
    this.space()
    if (this.s[this.i] === '}') {
      this.i++
      return new JsonEntries(entries)
    }
    for (;;) {
      this.space()
      if (this.s[this.i] !== '"') this.fail()
      const key = this.string()
      this.space()
      if (this.s[this.i++] !== ':') this.fail()
      this.space()
      entries.push([key, this.value()])
      this.space()
      const c = this.s[this.i++]
      if (c === '}') return new JsonEntries(entries)
      if (c !== ',') this.fail()
    }
  }

  private array(): unknown[] {
    this.i++
    const items: unknown[] = []
    this.space()
    if (this.s[this.i] === ']') {
      this.i++
      return items
    }
    for (;;) {
      this.space()
      items.push(this.value())
      this.space()
      const c = this.s[this.i++]
      if (c === ']') return items
      if (c !== ',') this.fail()
    }
  }

  private string(): string {
    const start = this.i
    this.i++
    let escaped = false
    while (this.i < this.s.length) {
      const c = this.s[this.i++]
      if (c === '\\') {
        escaped = true
        this.i++
      } else if (c === '"') {
        const raw = this.s.slice(start, this.i)
        return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1)
      }
    }
    return this.fail()
  }

  private scalar(): unknown {
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i, this.i + 400))
    if (!m) this.fail()
    this.i += m[0].length
    return JSON.parse(m[0])
  }
}
