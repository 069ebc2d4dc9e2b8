import { describe, expect, it } from 'vitest'
import type { ConfigMap } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { configMapDefinition as def } from '../../../main/cluster/registry/kinds/configmap'

function cm(body: Partial<ConfigMap>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, ...body }
}

const errors = (c: ConfigMap) => def.validate(c).map(fieldErrorString)

describe('ConfigMap', () => {
  it('is cm, namespaced, without status', () => {
    expect([def.plural, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['configmaps', ['cm'], true, false])
  })

  it('accepts valid keys', () => {
    expect(errors(cm({ data: { 'app.properties': 'a=b', KEY_NAME: 'x' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' } }))).toEqual([])
  })

  it('rejects bad keys and keys in both maps', () => {
    expect(errors(cm({ data: { 'a b': 'x', dup: 'y' }, binaryData: { dup: 'eQ==' } }))).toEqual([
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'data[dup]: Invalid value: "dup": duplicate of key present in binaryData'
    ])
  })

  it('rejects more than 1 MiB of data', () => {
    expect(errors(cm({ data: { big: 'x'.repeat(1024 * 1024 + 1) } }))).toHaveLength(1)
  })

  it('keeps an immutable ConfigMap unchanged', () => {
    const old = cm({ data: { a: '1' }, immutable: true })
    expect(def.validateUpdate!(cm({ data: { a: '2' }, immutable: true }), old).map(fieldErrorString)).toEqual(['data: Forbidden: field is immutable when `immutable` is set'])
    expect(def.validateUpdate!(cm({ data: { a: '1' }, immutable: false }), old).map(fieldErrorString)).toEqual(['immutable: Forbidden: field is immutable when `immutable` is set'])
  })
})
