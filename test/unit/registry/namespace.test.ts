import { describe, expect, it } from 'vitest'
import type { Namespace } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { namespaceDefinition as def } from '../../../main/cluster/registry/kinds/namespace'

function create(ns: Namespace): { obj: Namespace; errors: string[] } {
  const obj = structuredClone(ns)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

describe('Namespace', () => {
  it('is the cluster-scoped ns resource with status', () => {
    expect([def.plural, def.singular, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['namespaces', 'namespace', ['ns'], false, true])
  })

  it('is created Active, with its name label and the kubernetes finalizer', () => {
    const { obj, errors } = create({ metadata: { name: 'team-a' } })
    expect(errors).toEqual([])
    expect(obj).toEqual({ metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } })
  })

  it('validates the name as a DNS label', () => {
    expect(create({ metadata: { name: 'team.a' } }).errors).toEqual([
      `metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
    ])
  })

  it('rejects unqualified custom finalizers', () => {
    expect(create({ metadata: { name: 'a' }, spec: { finalizers: ['cleanup'] } }).errors).toEqual([
      'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'
    ])
  })

  it('keeps spec.finalizers and status on update', () => {
    const old = create({ metadata: { name: 'a' } }).obj
    const next = structuredClone(old)
    next.spec = { finalizers: [] }
    ;(next as { status: unknown }).status = { phase: 'Terminating' }
    def.defaults(next)
    def.prepareForUpdate!(next, old)
    expect(next.spec).toEqual({ finalizers: ['kubernetes'] })
    expect(next.status).toEqual({ phase: 'Active' })
  })

  it('goes Terminating on delete while finalizers remain', () => {
    const obj = create({ metadata: { name: 'a' } }).obj
    expect(def.finalizeOnDelete!(structuredClone(obj))?.status).toEqual({ phase: 'Terminating' })
    const bare = { ...obj, spec: { finalizers: [] } }
    expect(def.finalizeOnDelete!(bare)).toBeUndefined()
  })

  it('only lets status be Terminating once deletion started', () => {
    const obj = create({ metadata: { name: 'a' } }).obj
    const term = { ...obj, status: { phase: 'Terminating' } }
    expect(def.validateStatusUpdate!(term, obj).map(fieldErrorString)).toEqual(["status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty"])
  })

  it('selects on status.phase', () => {
    expect(def.selectableFields!(create({ metadata: { name: 'a' } }).obj)).toEqual({ 'status.phase': 'Active', name: 'a' })
  })
})
