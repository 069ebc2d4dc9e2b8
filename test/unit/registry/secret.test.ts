import { describe, expect, it } from 'vitest'
import type { Secret } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { secretDefinition as def } from '../../../main/cluster/registry/kinds/secret'

function secret(body: Record<string, unknown>): Secret {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, ...body } as Secret
}

function create(s: Secret): { obj: Secret; errors: string[] } {
  const obj = structuredClone(s)
  def.defaults(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

describe('Secret', () => {
  it('has no short name and selects on type', () => {
    expect([def.plural, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['secrets', [], true, false])
    expect(def.selectableFields!(create(secret({})).obj)).toEqual({ type: 'Opaque' })
  })

  it('defaults to Opaque and folds stringData into data', () => {
    const { obj, errors } = create(secret({ data: { a: 'YQ==' }, stringData: { b: 'hello' } }))
    expect(errors).toEqual([])
    expect(obj).toEqual(secret({ type: 'Opaque', data: { a: 'YQ==', b: 'aGVsbG8=' } }))
  })

  it.each<[string, Record<string, unknown>, string[]]>([
    ['tls without its keys', { type: 'kubernetes.io/tls', data: {} }, ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
    ['basic-auth with neither key', { type: 'kubernetes.io/basic-auth' }, ['data[username]: Required value', 'data[password]: Required value']],
    ['basic-auth with only a username', { type: 'kubernetes.io/basic-auth', data: { username: 'YQ==' } }, []],
    ['service account token without its account', { type: 'kubernetes.io/service-account-token' }, ['metadata.annotations[kubernetes.io/service-account.name]: Required value']],
    ['dockerconfigjson without the key', { type: 'kubernetes.io/dockerconfigjson', data: {} }, ['data[.dockerconfigjson]: Required value']],
    ['bad key', { data: { 'a:b': 'YQ==' } }, [
      `data[a:b]: Invalid value: "a:b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`
    ]],
    ['data that is not base64', { data: { a: 'not base64!' } }, ['data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3']]
  ])('%s', (_n, body, expected) => {
    expect(create(secret(body)).errors).toEqual(expected)
  })

  it('never changes type', () => {
    const old = create(secret({})).obj
    const next = create(secret({ type: 'kubernetes.io/basic-auth', data: { username: 'YQ==' } })).obj
    expect(def.validateUpdate!(next, old).map(fieldErrorString)).toEqual(['type: Invalid value: "kubernetes.io/basic-auth": field is immutable'])
  })
})
