import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeKubernetesProtobuf } from '../../../../main/cluster/apiserver/protobuf/decode'
import { parseHexFixture } from './encoder'

const dir = join(import.meta.dirname, 'fixtures')
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.hex'))
  .map((f) => f.slice(0, -'.hex'.length))
  .sort()

/** Go writes a zero metav1.Time as null; the decoder leaves it out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)])
    )
  }
  return value
}

describe('bodies recorded from kubectl 1.32', () => {
  it('has a JSON twin for every protobuf body', () => {
    expect(names.length).toBeGreaterThanOrEqual(29)
    for (const name of names) expect(readdirSync(dir)).toContain(`${name}.json`)
  })

  it.each(names)('%s decodes to the JSON kubectl 1.31 sends', (name) => {
    const { bytes } = parseHexFixture(readFileSync(join(dir, `${name}.hex`), 'utf8'))
    const json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'))
    const decoded = decodeKubernetesProtobuf(bytes)
    expect(decoded.object).toEqual(withoutNulls(json))
    expect(decoded.apiVersion).toBe(json.apiVersion)
    expect(decoded.kind).toBe(json.kind)
    expect(decoded.unknownFields).toEqual([])
  })
})
