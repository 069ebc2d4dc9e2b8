import { describe, expect, it } from 'vitest'
import { PatchError, patchErrorToStatus } from '../../../../main/cluster/apiserver/patch/errors'
import { applyStrategicMergePatch } from '../../../../main/cluster/apiserver/patch/strategic-merge-patch'
import { mergeItemMeta } from './merge-item-meta'

type Obj = Record<string, unknown>

function smp(current: Obj, patch: unknown): Obj {
  return applyStrategicMergePatch(current, patch, mergeItemMeta)
}

function failure(current: Obj, patch: unknown): PatchError {
  try {
    smp(current, patch)
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError)
    return e as PatchError
  }
  throw new Error('expected a PatchError')
}

describe('strategic merge patch: values added where the original has none', () => {
  it('drops maps carrying $patch and discards nulls (kubernetes PR 117568, 107705)', () => {
    expect(smp({}, { mergingList: [{ name: 1, $patch: 'delete' }, { name: 2, value: null }] })).toEqual({ mergingList: [{ name: 2 }] })
    expect(smp({}, { simpleMap: { $patch: 'replace', a: 'b' } })).toEqual({})
    expect(smp({ other: 'x' }, { retainKeysMap: { name: 'a', value: null, simpleMap: { k: null } } })).toEqual({
      other: 'x',
      retainKeysMap: { name: 'a', simpleMap: {} }
    })
  })

  it('a value of another type replaces the original the same way', () => {
    expect(smp({ simpleMap: { a: 'b' } }, { simpleMap: 'flat' })).toEqual({ simpleMap: 'flat' })
    expect(smp({ simpleMap: 'flat' }, { simpleMap: { a: null, b: 'c' } })).toEqual({ simpleMap: { b: 'c' } })
  })

  it('a null for a missing key changes nothing', () => {
    expect(smp({ name: 'a' }, { value: null })).toEqual({ name: 'a' })
  })

  it('a list with $setElementOrder but no live list is taken from the patch, directives removed', () => {
    expect(
      smp({}, { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }], mergingList: [{ name: 2, value: null }, { name: 1 }, { name: 3, $patch: 'delete' }] })
    ).toEqual({ mergingList: [{ name: 2, value: null }, { name: 1 }] })
  })

  it('patch items must follow the $setElementOrder order', () => {
    const e = failure({}, { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }], mergingList: [{ name: 1 }, { name: 2 }] })
    expect(e.message).toBe("the order in patch list:\n[map[name:1] map[name:2]]\n doesn't match $setElementOrder list:\n[map[name:2] map[name:1]]")
  })
})

describe('strategic merge patch: directives', () => {
  it('$patch: replace / delete on the whole document', () => {
    expect(smp({ name: 'a', value: 'b' }, { $patch: 'replace', other: 'c' })).toEqual({ other: 'c' })
    expect(smp({ name: 'a' }, { $patch: 'delete' })).toEqual({})
  })

  it('a field with the replace strategy is replaced, not merged', () => {
    expect(smp({ replacingItem: { a: 1, b: 2 } }, { replacingItem: { c: 3 } })).toEqual({ replacingItem: { c: 3 } })
  })

  it('$deleteFromPrimitiveList works on lists without the merge strategy (kubernetes PR 110472)', () => {
    expect(smp({ nonMergingIntList: [1, 2, 3] }, { '$deleteFromPrimitiveList/nonMergingIntList': [2] })).toEqual({ nonMergingIntList: [1, 3] })
  })

  it('$deleteFromPrimitiveList for a missing list is ignored; a null one deletes the list', () => {
    expect(smp({ name: 'a' }, { '$deleteFromPrimitiveList/mergingIntList': [1] })).toEqual({ name: 'a' })
    expect(smp({ mergingIntList: [1] }, { '$deleteFromPrimitiveList/mergingIntList': null })).toEqual({})
  })

  it('a $patch: delete item matching nothing is harmless', () => {
    expect(smp({ mergingList: [{ name: 1 }] }, { mergingList: [{ name: 9, $patch: 'delete' }] })).toEqual({ mergingList: [{ name: 1 }] })
  })

  it('$retainKeys with only the directive clears the other keys', () => {
    expect(smp({ retainKeysMap: { name: 'foo', value: 'bar', other: 'a' } }, { retainKeysMap: { $retainKeys: ['name', 'value'] } })).toEqual({
      retainKeysMap: { name: 'foo', value: 'bar' }
    })
  })

  it('a patch of null changes nothing', () => {
    expect(smp({ name: 'a' }, null)).toEqual({ name: 'a' })
  })
})

describe('strategic merge patch: errors as the apiserver reports them', () => {
  const cases: Array<[string, Obj, unknown, string, PatchError['kind']]> = [
    ['a body that is not an object', {}, [1], 'json: cannot unmarshal array into Go value of type map[string]interface {}', 'BadRequest'],
    ['a boolean body', {}, true, 'json: cannot unmarshal bool into Go value of type map[string]interface {}', 'BadRequest'],
    ['$retainKeys that is not a list', { retainKeysMap: { name: 'a' } }, { retainKeysMap: { $retainKeys: 'name' } }, 'invalid patch format of retainKeys', 'BadRequest'],
    [
      '$retainKeys not naming a patched key',
      { retainKeysMap: { name: 'a' } },
      { retainKeysMap: { $retainKeys: ['name'], value: 'b' } },
      'invalid patch format of retainKeys',
      'BadRequest'
    ],
    ['a malformed $deleteFromPrimitiveList key', {}, { $deleteFromPrimitiveListmergingIntList: [1] }, 'invalid patch format of primitive list', 'BadRequest'],
    ['a malformed $setElementOrder key', {}, { $setElementOrdermergingList: [] }, 'invalid patch format of setElementOrder list', 'BadRequest'],
    ['a $setElementOrder that is not a list', {}, { '$setElementOrder/mergingList': 'x' }, 'expected a []interface {}, but received a string', 'Internal'],
    [
      'a live list that is not a list',
      { mergingList: { name: 1 } },
      { '$setElementOrder/mergingList': [{ name: 1 }] },
      'expected a []interface {}, but received a map[string]interface {}',
      'Internal'
    ],
    ['$patch: merge in a list', { mergingList: [{ name: 1 }] }, { mergingList: [{ $patch: 'merge' }] }, 'merging lists cannot yet be specified in the patch', 'Internal'],
    ['an unknown $patch in a map', { simpleMap: { a: 'b' } }, { simpleMap: { $patch: 'foo', a: 'c' } }, 'unknown patch type: foo in map: map[$patch:foo a:c]', 'Internal'],
    ['a $patch that is not a string', {}, { $patch: 1 }, 'unknown patch type: %!s(int64=1) in map: map[$patch:1]', 'Internal'],
    ['an unknown $patch in a list item', { mergingList: [{ name: 1 }] }, { mergingList: [{ name: 1, $patch: 'x' }] }, 'unknown patch type: x in map: map[$patch:x name:1]', 'Internal'],
    ['a $patch: delete item without the merge key', { mergingList: [{ name: 1 }] }, { mergingList: [{ $patch: 'delete' }] }, 'map: map[$patch:delete] does not contain declared merge key: name', 'Internal'],
    ['a live item without the merge key', { mergingList: [{ value: 1 }] }, { mergingList: [{ name: 1 }] }, 'map: map[value:1] does not contain declared merge key: name', 'Internal'],
    ['lists of lists', { mergingIntList: [[1]] }, { mergingIntList: [[2]] }, 'lists of lists are not supported', 'Unprocessable'],
    ['mixed element types', { mergingIntList: [1, 2] }, { mergingIntList: ['a'] }, 'list element types are not identical: [[1 2] [a]]', 'Internal'],
    ['integers and floats are different types', { mergingIntList: [1] }, { mergingIntList: [1.5] }, 'list element types are not identical: [[1] [1.5]]', 'Internal'],
    ['an empty live list ordered by an empty $setElementOrder', { mergingIntList: [] }, { '$setElementOrder/mergingIntList': [] }, 'no elements in any of the given slices', 'Internal']
  ]

  it.each(cases)('%s', (_, current, patch, message, kind) => {
    const e = failure(current, patch)
    expect(e.message).toBe(message)
    expect(e.kind).toBe(kind)
  })

  it('maps errors to the Status the apiserver answers', () => {
    expect(patchErrorToStatus(failure({}, { $retainKeys: 'x' })).status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' })
    expect(patchErrorToStatus(failure({ mergingList: [{ value: 1 }] }, { mergingList: [{ name: 1 }] })).status).toMatchObject({
      code: 500,
      reason: '',
      message: 'map: map[value:1] does not contain declared merge key: name'
    })
    expect(patchErrorToStatus(failure({ mergingIntList: [[1]] }, { mergingIntList: [[2]] })).status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request'
    })
  })
})
