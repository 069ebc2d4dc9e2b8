import { describe, expect, it } from 'vitest'
import { emptySet, fromFieldsV1, insert, members, pathString, recursiveDifference, toFieldsV1, union, difference, intersection } from '../../../main/cluster/registry/managed-fields/field-set'
import { shapeOfKind } from '../../../main/cluster/registry/managed-fields/shape'
import { compare, duplicateKeyError, fieldSetOf } from '../../../main/cluster/registry/managed-fields/walk'
import { mergeApplied } from '../../../main/cluster/registry/managed-fields/merge'
import { managerOf } from '../../../main/cluster/registry/managed-fields/manager-name'
import type { StatusError } from '../../../main/cluster/apimachinery/errors'
import { random } from '../storage/helpers'

const deploymentShape = shapeOfKind({ group: 'apps', version: 'v1', kind: 'Deployment' })
const podShape = shapeOfKind({ group: '', version: 'v1', kind: 'Pod' })
const serviceShape = shapeOfKind({ group: '', version: 'v1', kind: 'Service' })

function set(...paths: string[][]) {
  const s = emptySet()
  for (const p of paths) insert(s, p)
  return s
}

describe('field sets (FieldsV1)', () => {
  it('serializes members with "." only where a member also has children, in smd order (f, k, v, i)', () => {
    const s = set(['f:spec', 'f:b'], ['f:metadata', 'f:labels'], ['f:metadata', 'f:labels', 'f:app'], ['f:list', 'i:10'], ['f:list', 'i:2'], ['f:list', 'k:{"name":"x"}'], ['f:list', 'v:"a"'])
    expect(JSON.stringify(toFieldsV1(s))).toBe(
      '{"f:list":{"k:{\\"name\\":\\"x\\"}":{},"v:\\"a\\"":{},"i:2":{},"i:10":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:b":{}}}'
    )
  })

  it('encodes equal sets, and equal branches of different sets, as one frozen object (pods of one template share them)', () => {
    const podSet = (ip: string) => set(['f:status', 'f:phase'], ['f:status', 'f:conditions', 'k:{"type":"Ready"}', 'f:status'], ['f:status', 'f:podIPs', `k:{"ip":"${ip}"}`])
    const a = toFieldsV1(podSet('10.0.0.1'))
    const b = toFieldsV1(podSet('10.0.0.2'))
    expect(toFieldsV1(podSet('10.0.0.1'))).toBe(a)
    expect(b).not.toBe(a)
    const branch = (json: Record<string, unknown>) => (json['f:status'] as Record<string, unknown>)['f:conditions']
    expect(branch(b)).toBe(branch(a))
    expect(Object.isFrozen(a) && Object.isFrozen(branch(a))).toBe(true)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a).replace('10.0.0.1', '10.0.0.2'))
  })

  it('reads FieldsV1 back to the same members, and refuses what is not a field set', () => {
    const json = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } }
    const s = fromFieldsV1(json)!
    expect(members(s)).toEqual([['f:metadata', 'f:labels'], ['f:metadata', 'f:labels', 'f:app'], ['f:spec', 'f:replicas']])
    expect(toFieldsV1(s)).toEqual(json)
    for (const bad of [[], 'x', { spec: {} }, { 'f:a': 1 }, { '.': {} }, null]) expect(fromFieldsV1(bad)).toBeUndefined()
  })

  it('prints paths as smd does', () => {
    expect(pathString(['f:spec', 'f:replicas'])).toBe('.spec.replicas')
    expect(pathString(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).toBe('.spec.containers[name="web"].image')
    expect(pathString(['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'])).toBe('.ports[containerPort=80,protocol="TCP"]')
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a/b"'])).toBe('.metadata.finalizers[="a/b"]')
    expect(pathString(['f:args', 'i:0'])).toBe('.args[0]')
  })

  it('has union, difference, intersection and recursive difference', () => {
    const a = set(['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d'])
    const b = set(['f:b'], ['f:b', 'f:c'])
    expect(members(union(a, b))).toEqual([['f:a'], ['f:b'], ['f:b', 'f:c'], ['f:b', 'f:d']])
    expect(members(difference(a, b))).toEqual([['f:a'], ['f:b', 'f:d']])
    expect(members(intersection(a, b))).toEqual([['f:b', 'f:c']])
    expect(members(recursiveDifference(a, b))).toEqual([['f:a']])
  })
})

describe('the fields a configuration sets (ToFieldSet)', () => {
  const cases: Array<{ name: string; shape: typeof podShape; value: unknown; fieldsV1: unknown }> = [
    {
      name: 'associative lists by key, atomic structs as leaves',
      shape: deploymentShape,
      value: { spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } } },
      fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } }
    },
    {
      name: 'multi-key lists, with the defaulted key filled in',
      shape: serviceShape,
      value: { spec: { ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'web' } } },
      fieldsV1: { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': {} } }
    },
    {
      name: 'sets by value, map keys, empty maps and nulls',
      shape: podShape,
      value: { metadata: { finalizers: ['a/b'], labels: { app: 'x' }, annotations: {} }, spec: { nodeSelector: null, containers: [{ name: 'c', args: ['-v'] }] } },
      fieldsV1: {
        'f:metadata': { 'f:annotations': {}, 'f:finalizers': { 'v:"a/b"': {} }, 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:args': {}, 'f:name': {} } }, 'f:nodeSelector': {} }
      }
    }
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(toFieldsV1(fieldSetOf(c.value, c.shape))).toEqual(c.fieldsV1)
    })
  }
})

describe('comparing two objects (Compare)', () => {
  it('reports leaves and whole new or gone subtrees, not containers present on both sides', () => {
    const lhs = { metadata: { labels: { a: '1', gone: 'x' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'v1' }] } } } }
    const rhs = { metadata: { labels: { a: '2' }, annotations: { n: 'y' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'v2' }, { name: 'side', image: 's' }] } } } }
    const c = compare(lhs, rhs, deploymentShape)
    expect(members(c.modified)).toEqual([['f:metadata', 'f:labels', 'f:a'], ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']])
    expect(members(c.removed)).toEqual([['f:metadata', 'f:labels', 'f:gone']])
    expect(members(c.added)).toEqual([
      ['f:metadata', 'f:annotations'],
      ['f:metadata', 'f:annotations', 'f:n'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"side"}'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"side"}', 'f:image'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"side"}', 'f:name']
    ])
  })

  it('treats an atomic list as one leaf', () => {
    const c = compare({ spec: { containers: [{ name: 'c', args: ['a'] }] } }, { spec: { containers: [{ name: 'c', args: ['a', 'b'] }] } }, podShape)
    expect(members(c.modified)).toEqual([['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:args']])
  })
})

describe('duplicate keys in an applied configuration', () => {
  it('are found where merging by key would drop an item', () => {
    const containers = [{ name: 'web', image: 'a' }, { name: 'web', image: 'b' }]
    expect(duplicateKeyError({ spec: { template: { spec: { containers } } } }, deploymentShape)).toBe('.spec.template.spec.containers: duplicate entries for key [name="web"]')
    expect(duplicateKeyError({ spec: { ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] } }, serviceShape)).toBe('.spec.ports: duplicate entries for key [port=80,protocol="TCP"]')
    expect(duplicateKeyError({ spec: { ports: [{ port: 53 }, { port: 53, protocol: 'UDP' }] } }, serviceShape)).toBeUndefined()
    expect(duplicateKeyError({ spec: { containers: [{ name: 'c', args: ['x', 'x'] }] } }, podShape)).toBeUndefined()
  })
})

describe('merging an applied configuration (smd Merge, not strategic merge)', () => {
  it('merges structs and maps by field, associative lists by key, sets by value; replaces leaves and atomic values', () => {
    const live = {
      metadata: { labels: { a: '1', keep: 'k' }, finalizers: ['x'] },
      spec: { nodeSelector: { old: 'y' }, containers: [{ name: 'a', image: 'a1', imagePullPolicy: 'Always' }, { name: 'b', image: 'b1' }] }
    }
    const applied = { metadata: { labels: { a: '2' }, finalizers: ['y'] }, spec: { nodeSelector: { new: 'z' }, containers: [{ name: 'c', image: 'c1' }, { name: 'b', image: 'b2' }] } }
    expect(mergeApplied(live, applied, podShape)).toEqual({
      metadata: { labels: { a: '2', keep: 'k' }, finalizers: ['x', 'y'] },
      spec: { nodeSelector: { new: 'z' }, containers: [{ name: 'a', image: 'a1', imagePullPolicy: 'Always' }, { name: 'c', image: 'c1' }, { name: 'b', image: 'b2' }] }
    })
  })

  it('clears a field applied as null', () => {
    expect(mergeApplied({ spec: { replicas: 3, paused: true } }, { spec: { paused: null } }, deploymentShape)).toEqual({ spec: { replicas: 3 } })
  })
})

describe('field sets as values', () => {
  it('keeps sets built apart apart when one grows below a leaf (leaves share no children)', () => {
    const a = set(['f:spec', 'f:x'], ['f:metadata'])
    const b = set(['f:spec', 'f:y'], ['f:status'])
    insert(a, ['f:spec', 'f:x', 'f:deeper'])
    insert(a, ['f:metadata', 'f:labels'])
    insert(b, ['f:status', 'f:phase'])
    expect(toFieldsV1(a)).toEqual({ 'f:metadata': { '.': {}, 'f:labels': {} }, 'f:spec': { 'f:x': { '.': {}, 'f:deeper': {} } } })
    expect(toFieldsV1(b)).toEqual({ 'f:spec': { 'f:y': {} }, 'f:status': { '.': {}, 'f:phase': {} } })
    expect(toFieldsV1(set(['f:other'], ['f:spec', 'f:z']))).toEqual({ 'f:other': {}, 'f:spec': { 'f:z': {} } })
    expect(toFieldsV1(difference(b, set(['f:status'])))).toEqual({ 'f:spec': { 'f:y': {} }, 'f:status': { 'f:phase': {} } })
  })
})

describe('the manager of a write', () => {
  it('is ?fieldManager=, else the User-Agent product', () => {
    expect(managerOf('kubectl-edit', 'kubectl/v1.32.4 (linux/amd64) kubernetes/abc')).toBe('kubectl-edit')
    expect(managerOf(null, 'kubectl/v1.32.4 (linux/amd64) kubernetes/abc')).toBe('kubectl')
    expect(managerOf(null, 'OpenAPI-Generator/31.0.0/python')).toBe('OpenAPI-Generator')
    expect(managerOf(null, 'x'.repeat(200))).toHaveLength(128)
    expect(managerOf(null, '\u0001bad\u0007/1')).toBe('bad')
    expect(managerOf(undefined, undefined)).toBeUndefined()
  })

  it('refuses a fieldManager longer than 128 bytes or with unprintable characters (422 on the options kind)', () => {
    const fail = (name: string, kind: 'CreateOptions' | 'PatchOptions'): string => {
      try {
        managerOf(name, undefined, kind)
      } catch (e) {
        expect((e as StatusError).status.code).toBe(422)
        return (e as StatusError).status.message
      }
      throw new Error('expected a 422')
    }
    expect(fail('x'.repeat(129), 'PatchOptions')).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes')
    expect(fail('a\u0007b', 'CreateOptions')).toContain('fieldManager: Invalid value: ')
    expect(fail('a\u0007b', 'CreateOptions')).toContain('invalid character U+0007 (at position 1)')
    expect(managerOf('x'.repeat(128), undefined)).toHaveLength(128)
  })
})

describe('compare over short lists', () => {
  const fieldsOf = (c: { added: Parameters<typeof toFieldsV1>[0]; modified: Parameters<typeof toFieldsV1>[0]; removed: Parameters<typeof toFieldsV1>[0] }) => ({
    added: toFieldsV1(c.added),
    modified: toFieldsV1(c.modified),
    removed: toFieldsV1(c.removed)
  })

  it('finds what the Map-keyed comparison of longer lists finds: items by key, duplicates, holes, added and removed lists', () => {
    const next = random(11)
    const pick = <T,>(xs: T[]): T => xs[Math.floor(next() * xs.length)]
    const condition = () => ({ type: pick(['Ready', 'PodScheduled', 'Initialized', 'ContainersReady']), status: pick(['True', 'False']), ...(next() < 0.3 ? { reason: 'R' } : {}) })
    const container = () => ({ name: pick(['a', 'b', 'c']), ready: next() < 0.5, restartCount: Math.floor(next() * 2), ...(next() < 0.3 ? { started: true } : {}) })
    const list = <T,>(make: () => T): T[] | undefined => (next() < 0.1 ? undefined : Array.from({ length: Math.floor(next() * 7) }, make))
    const status = () => {
      const conditions = list(condition)
      // A hole, as a sparse array has (forEach skips it).
      if (conditions && conditions.length > 2 && next() < 0.1) delete (conditions as unknown[])[1]
      return { conditions, containerStatuses: list(container), podIPs: list(() => ({ ip: pick(['10.0.0.1', '10.0.0.2']) })) }
    }
    // Items present and equal on both sides change nothing: with them the lists are long enough for the Map-keyed comparison.
    const filler = (prefix: string) => Array.from({ length: 17 }, (_, i) => ({ type: `${prefix}${i}`, status: 'True', name: `${prefix}${i}`, ip: `${prefix}${i}`, ready: true }))
    const padded = (s: ReturnType<typeof status>) => ({
      // concat keeps a hole a hole (a spread would make it an undefined item).
      conditions: (s.conditions ?? []).concat(filler('fc') as never[]),
      containerStatuses: [...(s.containerStatuses ?? []), ...filler('fs')],
      podIPs: [...(s.podIPs ?? []), ...filler('fi')]
    })
    let changed = 0
    for (let n = 0; n < 400; n++) {
      const l = status()
      const r = status()
      const short = fieldsOf(compare({ status: l }, { status: r }, podShape))
      // The padded lists exist on both sides: a list added or removed whole is only seen unpadded.
      const both = (k: keyof ReturnType<typeof status>) => l[k] !== undefined && r[k] !== undefined
      if (both('conditions') && both('containerStatuses') && both('podIPs')) {
        expect(fieldsOf(compare({ status: padded(l) }, { status: padded(r) }, podShape))).toEqual(short)
      }
      if (JSON.stringify(short) !== JSON.stringify({ added: {}, modified: {}, removed: {} })) changed++
    }
    expect(changed).toBeGreaterThan(200)
    // A list added or removed whole: its items and the list itself.
    const c = fieldsOf(compare({ status: {} }, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, podShape))
    expect(c.added).toEqual({ 'f:status': { 'f:conditions': { '.': {}, 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } } } })
  })
})

