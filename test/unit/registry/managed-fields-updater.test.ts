import { describe, expect, it } from 'vitest'
import { emptySet, fromFieldsV1, insert, toFieldsV1 } from '../../../main/cluster/registry/managed-fields/field-set'
import { decodeManagers, encodeManagers, identityOf, isResetRequest, type ManagerEntry, type Managers } from '../../../main/cluster/registry/managed-fields/entries'
import { shapeOfKind } from '../../../main/cluster/registry/managed-fields/shape'
import { recordApply, recordUpdate, type Write } from '../../../main/cluster/registry/managed-fields/updater'
import { isApplyConflict } from '../../../main/cluster/registry/managed-fields/conflicts'
import { StatusError } from '../../../main/cluster/apimachinery/errors'

const shape = shapeOfKind({ group: 'apps', version: 'v1', kind: 'Deployment' })
const status = (() => {
  const s = emptySet()
  insert(s, ['f:status'])
  return s
})()

function write(manager: string, operation: 'Apply' | 'Update', subresource?: string): Write {
  return { actor: { manager, operation, apiVersion: 'apps/v1', ...(subresource ? { subresource } : {}) }, shape, ignored: status, now: '2026-01-01T00:00:00Z' }
}

function managers(...entries: Array<Omit<ManagerEntry, 'set'> & { fieldsV1: unknown }>): Managers {
  return new Map(entries.map(({ fieldsV1, ...e }) => [identityOf(e), { ...e, set: fromFieldsV1(fieldsV1)! }]))
}

/** name -> fieldsV1, for short assertions. */
function owners(m: Managers): Record<string, unknown> {
  return Object.fromEntries([...m.values()].map((e) => [`${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`, toFieldsV1(e.set)]))
}

function deploy(replicas: number | undefined, labels: Record<string, string> = { app: 'web' }, image = 'nginx'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels },
    spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers: [{ name: 'web', image }] } } }
  }
}

function conflictOf(fn: () => unknown): StatusError {
  try {
    fn()
  } catch (e) {
    expect(isApplyConflict(e)).toBe(true)
    return e as StatusError
  }
  throw new Error('expected a conflict')
}

describe('updates (PUT and non-apply patches)', () => {
  it('own what they change; unchanged fields keep their owner; changed ones move', () => {
    const before = managers({ manager: 'a', operation: 'Update', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:replicas': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } } })
    const after = recordUpdate(before, deploy(1), deploy(2, { app: 'web', env: 'prod' }), write('b', 'Update'))
    expect(owners(after)).toEqual({
      'a/Update': { 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      'b/Update': { 'f:metadata': { 'f:labels': { 'f:env': {} } }, 'f:spec': { 'f:replicas': {} } }
    })
  })

  it('merge into one entry per manager, operation, apiVersion and subresource', () => {
    let m = recordUpdate(new Map(), deploy(1), deploy(2), write('b', 'Update'))
    m = recordUpdate(m, deploy(2), deploy(2, { app: 'web', x: 'y' }), write('b', 'Update'))
    m = recordUpdate(m, deploy(2, { app: 'web', x: 'y' }), deploy(3, { app: 'web', x: 'y' }), write('b', 'Update', 'scale'))
    expect(owners(m)).toEqual({
      'b/Update': { 'f:metadata': { 'f:labels': { 'f:x': {} } } },
      'b/Update/scale': { 'f:spec': { 'f:replicas': {} } }
    })
  })

  it('drop removed fields from their owners, record nothing for no change, and never own status on the main resource', () => {
    const before = managers({ manager: 'a', operation: 'Apply', apiVersion: 'apps/v1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:x': {} } } } })
    const after = recordUpdate(before, deploy(1, { app: 'web', x: 'y' }), { ...deploy(1), status: { replicas: 4 } }, write('b', 'Update'))
    expect(owners(after)).toEqual({ 'a/Apply': { 'f:metadata': { 'f:labels': { 'f:app': {} } } } })
    expect(recordUpdate(after, deploy(1), deploy(1), write('b', 'Update'))).toEqual(after)
  })
})

describe('apply', () => {
  const first = () => recordApply(new Map(), {}, deploy(2), write('kubectl', 'Apply'), false)

  it('owns exactly its configuration, never the server-owned metadata', () => {
    expect(owners(first().managers)).toEqual({
      'kubectl/Apply': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } }
      }
    })
  })

  const table: Array<{ name: string; config: Record<string, unknown>; force?: boolean; message?: string; replicas?: number }> = [
    { name: 'the same value is shared, no conflict', config: deploy(2), replicas: 2 },
    { name: 'a different value is a conflict with the owner', config: deploy(5), message: 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas' },
    { name: 'force takes the field', config: deploy(5), force: true, replicas: 5 },
    { name: 'fields the other does not own are free', config: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { other: 'x' } } }, replicas: 2 },
    {
      name: 'several conflicts are listed by manager',
      config: deploy(7, { app: 'web' }, 'httpd'),
      message: 'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image'
    }
  ]
  for (const c of table) {
    it(c.name, () => {
      const { object: live, managers: m } = first()
      const run = () => recordApply(m, live, c.config, write('other', 'Apply'), c.force ?? false)
      if (c.message) {
        const e = conflictOf(run)
        expect(e.status.message).toBe(c.message)
        expect(e.status.code).toBe(409)
        expect(e.status.details?.causes?.[0]).toEqual({ reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.replicas' })
        return
      }
      const out = run()
      expect((out.object.spec as { replicas: number }).replicas).toBe(c.replicas)
      if (c.force) expect(owners(out.managers)['kubectl/Apply']).not.toHaveProperty(['f:spec', 'f:replicas'])
    })
  }

  it('names an Update owner with its apiVersion and subresource', () => {
    const m = managers({ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } })
    const e = conflictOf(() => recordApply(m, deploy(5), deploy(3), write('kubectl', 'Apply'), false))
    expect(e.status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas')
  })

  it('prunes what it stopped applying unless someone else owns it', () => {
    const { object, managers: m } = recordApply(new Map(), {}, deploy(2, { app: 'web', a: '1', b: '2' }), write('kubectl', 'Apply'), false)
    const withOther = recordUpdate(m, object, { ...object, metadata: { ...(object.metadata as object), labels: { app: 'web', a: '1', b: '3' } } }, write('labeler', 'Update'))
    const live = { ...object, metadata: { ...(object.metadata as object), labels: { app: 'web', a: '1', b: '3' } } }
    const out = recordApply(withOther, live, deploy(undefined), write('kubectl', 'Apply'), false)
    expect((out.object.metadata as { labels: unknown }).labels).toEqual({ app: 'web', b: '3' })
    expect((out.object.spec as { replicas?: number }).replicas).toBeUndefined()
  })

  it('prunes a whole dropped map without touching the stored (frozen) object', () => {
    const { object, managers: m } = recordApply(new Map(), {}, deploy(2, { app: 'web', a: '1' }), write('kubectl', 'Apply'), false)
    const frozen = deepFreeze(structuredClone(object))
    const config = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } }
    const out = recordApply(m, frozen, config, write('kubectl', 'Apply'), false)
    expect(out.object.metadata).toEqual({ name: 'web', labels: {} })
    expect((out.object.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([])
    expect((frozen.metadata as { labels: object }).labels).toEqual({ app: 'web', a: '1' })
  })

  it('keys an Apply entry without its apiVersion', () => {
    expect(identityOf({ manager: 'm', operation: 'Apply', apiVersion: 'autoscaling/v1' })).toBe(identityOf({ manager: 'm', operation: 'Apply', apiVersion: 'autoscaling/v2' }))
    expect(identityOf({ manager: 'm', operation: 'Update', apiVersion: 'autoscaling/v1' })).not.toBe(identityOf({ manager: 'm', operation: 'Update', apiVersion: 'autoscaling/v2' }))
  })
})

describe('managedFields on the wire', () => {
  it('sorts Apply before Update, then by time and manager, and round-trips', () => {
    const m = managers(
      { manager: 'z', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:01Z', fieldsV1: { 'f:data': {} } },
      { manager: 'b', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsV1: { 'f:data': {} } },
      { manager: 'a', operation: 'Apply', apiVersion: 'v1', time: '2026-01-01T00:00:05Z', fieldsV1: { 'f:data': {} } }
    )
    const wire = encodeManagers(m)
    expect(wire.map((e) => e.manager)).toEqual(['a', 'b', 'z'])
    expect(Object.keys(wire[0])).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1'])
    expect(encodeManagers(decodeManagers(wire)!)).toEqual(wire)
  })

  it('refuses undecodable entries and recognizes a reset', () => {
    expect(decodeManagers([{ manager: 'm', operation: 'Delete', fieldsType: 'FieldsV1', fieldsV1: {} }])).toBeUndefined()
    expect(decodeManagers([{ manager: 'm', operation: 'Update', fieldsType: 'FieldsV2' }])).toBeUndefined()
    expect(decodeManagers([{ manager: 'm', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { spec: 1 } }])).toBeUndefined()
    expect(decodeManagers('x')).toBeUndefined()
    expect(isResetRequest([])).toBe(true)
    expect(isResetRequest([{}])).toBe(true)
    expect(isResetRequest(undefined)).toBe(false)
  })
})

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

describe('the cap on Update entries', () => {
  it('merges the oldest Update entries of a version into ancient-changes, keeping ten', () => {
    let m: Managers = new Map()
    let live = deploy(1)
    const labels: Record<string, string> = { app: 'web' }
    for (let i = 0; i < 12; i++) {
      labels[`l${i}`] = 'x'
      const next = deploy(1, { ...labels })
      m = recordUpdate(m, live, next, { ...write(`writer-${String(i).padStart(2, '0')}`, 'Update'), now: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` })
      live = next
    }
    const names = [...m.values()].map((e) => e.manager).sort()
    expect(names).toHaveLength(10)
    expect(names[0]).toBe('ancient-changes')
    expect(names).not.toContain('writer-00')
    const ancient = [...m.values()].find((e) => e.manager === 'ancient-changes')!
    expect(ancient.time).toBe('2026-01-01T00:00:02Z')
    // writer-00 (its first write also took the labels map itself), writer-01 and writer-02 went into the bucket.
    expect(toFieldsV1(ancient.set)).toEqual({ 'f:metadata': { 'f:labels': { 'f:l0': {}, 'f:l1': {}, 'f:l2': {} } } })
  })
})
