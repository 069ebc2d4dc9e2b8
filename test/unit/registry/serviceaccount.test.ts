import { describe, expect, it } from 'vitest'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { serviceAccountDefinition as def } from '../../../main/cluster/registry/kinds/serviceaccount'

describe('ServiceAccount', () => {
  it('is sa, namespaced', () => {
    expect([def.plural, def.singular, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['serviceaccounts', 'serviceaccount', ['sa'], true, false])
  })

  it('validates only its metadata', () => {
    expect(def.validate({ metadata: { name: 'builder', namespace: 'default' }, automountServiceAccountToken: false }).map(fieldErrorString)).toEqual([])
    expect(def.validate({ metadata: { name: 'Builder', namespace: 'default' } }).map(fieldErrorString)).toEqual([
      `metadata.name: Invalid value: "Builder": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`
    ])
  })
})
