import { describe, expect, it } from 'vitest'
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { persistentVolumeClaimDefinition as def } from '../../../main/cluster/registry/kinds/persistentvolumeclaim'

function pvc(spec: Record<string, unknown>): PersistentVolumeClaim {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec } as PersistentVolumeClaim
}

const good = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }

function create(p: PersistentVolumeClaim): { obj: PersistentVolumeClaim; errors: string[] } {
  const obj = structuredClone(p)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

function update(old: PersistentVolumeClaim, change: (p: PersistentVolumeClaim) => void): string[] {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  def.prepareForUpdate!(obj, old)
  return def.validateUpdate!(obj, old).map(fieldErrorString)
}

describe('PersistentVolumeClaim', () => {
  it('is pvc, namespaced, with status', () => {
    expect([def.plural, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['persistentvolumeclaims', ['pvc'], true, true])
  })

  it('defaults volume mode and phase', () => {
    const { obj, errors } = create(pvc(good))
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({ ...good, volumeMode: 'Filesystem' })
    expect(obj.status).toEqual({ phase: 'Pending' })
  })

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no access modes', { resources: { requests: { storage: '1Gi' } } }, ['spec.accessModes: Required value: at least 1 access mode is required']],
    ['no storage request', { accessModes: ['ReadWriteOnce'] }, ['spec.resources[storage]: Required value']],
    ['zero storage', { ...good, resources: { requests: { storage: '0' } } }, ['spec.resources[storage]: Invalid value: "0": must be greater than zero']],
    ['bad volume mode', { ...good, volumeMode: 'Raw' }, ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']],
    ['bad selector', { ...good, selector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } }, ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]]
  ])('%s', (_n, spec, expected) => {
    expect(create(pvc(spec)).errors).toEqual(expected)
  })

  it('may have its volumeName set once, and nothing else changed while unbound', () => {
    const old = create(pvc(good)).obj
    expect(update(old, (p) => (p.spec!.volumeName = 'pv-1'))).toEqual([])
    const errors = update(old, (p) => (p.spec!.accessModes = ['ReadWriteMany']))
    expect(errors[0].split('\n')[0]).toBe('spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')
  })

  it('may grow once bound', () => {
    const old = create(pvc({ ...good, volumeName: 'pv-1' })).obj
    ;(old as { status: object }).status = { phase: 'Bound', capacity: { storage: '1Gi' } }
    expect(update(old, (p) => (p.spec!.resources!.requests!.storage = '2Gi'))).toEqual([])
    expect(update(old, (p) => (p.spec!.resources!.requests!.storage = '512Mi'))).toEqual(['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity'])
  })
})
