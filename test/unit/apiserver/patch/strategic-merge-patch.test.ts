import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { PatchError } from '../../../../main/cluster/apiserver/patch/errors'
import { applyStrategicMergePatch } from '../../../../main/cluster/apiserver/patch/strategic-merge-patch'
import { mergeItemMeta } from './merge-item-meta'

// Cases from k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go, run
// against the same MergeItem type: `current` is the live object, `patch` the
// patch (the test's TwoWay or ThreeWay), `result` what StrategicMergePatch returns.

interface Case {
  description: string
  current: Record<string, unknown>
  patch: unknown
  result?: Record<string, unknown>
  error?: string
  kind?: PatchError['kind']
}

const cases = parse(`
# --- customStrategicMergePatchTestCaseData -------------------------------------
- description: unique scalars when merging lists
  current: { mergingIntList: [1, 2] }
  patch: { mergingIntList: [2, 3] }
  result: { mergingIntList: [1, 2, 3] }
- description: delete map from nested map
  current: { simpleMap: { key1: 1, key2: 1 } }
  patch: { simpleMap: { $patch: delete } }
  result: { simpleMap: {} }
- description: delete all items from merging list
  current: { mergingList: [{ name: 1 }, { name: 2 }] }
  patch: { mergingList: [{ $patch: replace }] }
  result: { mergingList: [] }
- description: merge empty merging lists
  current: { mergingList: [] }
  patch: { mergingList: [] }
  result: { mergingList: [] }
- description: delete all keys from map
  current: { name: 1, value: 1 }
  patch: { $patch: replace }
  result: {}
- description: add key and delete all keys from map
  current: { name: 1, value: 1 }
  patch: { other: a, $patch: replace }
  result: { other: a }
- description: delete all duplicate entries in a merging list
  current: { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: a }, { name: 3 }, { name: 3 }] }
  patch: { mergingList: [{ name: 1, $patch: delete }, { name: 3, $patch: delete }] }
  result: { mergingList: [{ name: 2, value: a }] }
- description: retainKeys map can add a field when no retainKeys directive present
  current: { retainKeysMap: { name: foo } }
  patch: { retainKeysMap: { value: bar } }
  result: { retainKeysMap: { name: foo, value: bar } }
- description: retainKeys map merge an empty map
  current: { retainKeysMap: { name: foo, value: a } }
  patch: { retainKeysMap: {} }
  result: { retainKeysMap: { name: foo, value: a } }
- description: retainKeys list can delete a field when no retainKeys directive present
  current: { retainKeysMergingList: [{ name: bar }, { name: foo, value: a }] }
  patch: { retainKeysMergingList: [{ name: foo, value: null }] }
  result: { retainKeysMergingList: [{ name: bar }, { name: foo }] }
- description: preserve the order from the patch in a merging list
  current: { mergingList: [{ name: 1 }, { name: 2, value: b }, { name: 3 }] }
  patch: { mergingList: [{ name: 3, value: c }, { name: 1, value: a }, { name: 2, other: x }] }
  result: { mergingList: [{ name: 3, value: c }, { name: 1, value: a }, { name: 2, value: b, other: x }] }
- description: preserve the order from the patch in a merging list 2
  current: { mergingList: [{ name: 1 }, { name: 2, value: b }, { name: 3 }] }
  patch: { mergingList: [{ name: 3, value: c }, { name: 1, value: a }] }
  result: { mergingList: [{ name: 2, value: b }, { name: 3, value: c }, { name: 1, value: a }] }
- description: preserve the order from the patch in a merging int list
  current: { mergingIntList: [1, 2, 3] }
  patch: { mergingIntList: [3, 1, 2] }
  result: { mergingIntList: [3, 1, 2] }
- description: preserve the order from the patch in a merging int list 2
  current: { mergingIntList: [1, 2, 3] }
  patch: { mergingIntList: [3, 1] }
  result: { mergingIntList: [2, 3, 1] }
- description: $setElementOrder contains item that is not present in the list to be merged
  current: { mergingList: [{ name: 1 }, { name: 3 }] }
  patch:
    $setElementOrder/mergingList: [{ name: 3 }, { name: 2 }, { name: 1 }]
    mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }]
  result: { mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] }
- description: $setElementOrder contains item that is not present in the int list to be merged
  current: { mergingIntList: [1, 3] }
  patch: { $setElementOrder/mergingIntList: [3, 2, 1] }
  result: { mergingIntList: [3, 1] }
- description: should check if order in $setElementOrder and patch list match
  current: { mergingIntList: [1, 3, 2] }
  patch: { $setElementOrder/mergingIntList: [1, 2, 3], mergingIntList: [3, 1] }
  error: "the order in patch list:\\n[3 1]\\n doesn't match $setElementOrder list:\\n[1 2 3]"
  kind: Internal
- description: missing merge key should error out
  current: { mergingList: [{ name: 1, value: a }] }
  patch: { mergingList: [{ value: b }] }
  error: "map: map[value:b] does not contain declared merge key: name"
  kind: Internal

# --- createStrategicMergePatchTestCaseData (three-way patch on current) ----------
- description: add field and delete all fields from map with conflict
  current: { name: 1, value: 1, other: b }
  patch: { name: null, value: null, other: a }
  result: { other: a }
- description: delete field from nested map with conflict
  current: { simpleMap: { key1: a, key2: 1, other: a } }
  patch: { simpleMap: { key1: 1, key2: null } }
  result: { simpleMap: { key1: 1, other: a } }
- description: replace list of scalars with conflict
  current: { nonMergingIntList: [1, 4] }
  patch: { nonMergingIntList: [2, 3] }
  result: { nonMergingIntList: [2, 3] }
- description: delete all maps from merging list with conflict
  current: { mergingList: [{ name: 1, other: a }, { name: 2, other: b }] }
  patch: { mergingList: [{ name: 1, $patch: delete }, { name: 2, $patch: delete }] }
  result: { mergingList: [] }
- description: delete all maps from empty merging list
  current: { mergingList: [] }
  patch: { mergingList: [{ name: 1, $patch: delete }, { name: 2, $patch: delete }] }
  result: { mergingList: [] }
- description: defined null values should propagate overwrite current fields (with conflict)
  current: { name: a, other: a }
  patch: { name: 1, value: 1, other: null }
  result: { name: 1, value: 1 }

# --- strategicMergePatchRawTestCases (three-way patch on current) ------------------
- description: delete items in lists of scalars
  current: { mergingIntList: [1, 2, 3, 4] }
  patch: { $setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3] }
  result: { mergingIntList: [1, 2, 4] }
- description: delete all duplicate items in lists of scalars
  current: { mergingIntList: [1, 2, 3, 3, 4] }
  patch: { $setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3] }
  result: { mergingIntList: [1, 2, 4] }
- description: merge lists of maps
  current: { mergingList: [{ name: 1, other: a }, { name: 2, value: 2, other: b }] }
  patch:
    $setElementOrder/mergingList: [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }]
    mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }]
  result: { mergingList: [{ name: 4, value: 4 }, { name: 1, other: a }, { name: 2, value: 2, other: b }, { name: 3, value: 3 }] }
- description: merge lists of maps with conflict
  current: { mergingList: [{ name: 1, other: a }, { name: 2, value: 3, other: b }] }
  patch:
    $setElementOrder/mergingList: [{ name: 1 }, { name: 2 }, { name: 3 }]
    mergingList: [{ name: 2, value: 2 }, { name: 3, value: 3 }]
  result: { mergingList: [{ name: 1, other: a }, { name: 2, value: 2, other: b }, { name: 3, value: 3 }] }
- description: add field to map in merging list with conflict
  current: { mergingList: [{ name: 1, other: a }, { name: 3, value: 2, other: b }] }
  patch:
    $setElementOrder/mergingList: [{ name: 1 }, { name: 2 }]
    mergingList: [{ name: 1, value: 1 }, { name: 2, value: 2 }]
  result: { mergingList: [{ name: 1, value: 1, other: a }, { name: 2, value: 2 }, { name: 3, value: 2, other: b }] }
- description: delete map from merging list
  current: { mergingList: [{ name: 1 }, { name: 2, other: b }] }
  patch: { $setElementOrder/mergingList: [{ name: 2 }], mergingList: [{ name: 1, $patch: delete }] }
  result: { mergingList: [{ name: 2, other: b }] }
- description: delete missing map from merging list with conflict
  current: { mergingList: [{ name: 3, other: a }] }
  patch: { $setElementOrder/mergingList: [{ name: 2 }], mergingList: [{ name: 2 }, { name: 1, $patch: delete }] }
  result: { mergingList: [{ name: 2 }, { name: 3, other: a }] }
- description: add map and delete map from merging list
  current: { mergingList: [{ name: 1 }, { name: 2, other: b }, { name: 4, other: c }] }
  patch:
    $setElementOrder/mergingList: [{ name: 2 }, { name: 3 }]
    mergingList: [{ name: 3 }, { name: 1, $patch: delete }]
  result: { mergingList: [{ name: 2, other: b }, { name: 4, other: c }, { name: 3 }] }
- description: add map and delete map from merging list with conflict
  current: { mergingList: [{ name: 1, other: a }, { name: 4, other: c }] }
  patch:
    $setElementOrder/mergingList: [{ name: 2 }, { name: 3 }]
    mergingList: [{ name: 2 }, { name: 3 }, { name: 1, $patch: delete }]
  result: { mergingList: [{ name: 4, other: c }, { name: 2 }, { name: 3 }] }
- description: delete field from map in merging list
  current: { mergingList: [{ name: 1, value: 1, other: a }, { name: 2, value: 2, other: b }] }
  patch: { $setElementOrder/mergingList: [{ name: 1 }, { name: 2 }], mergingList: [{ name: 1, value: null }] }
  result: { mergingList: [{ name: 1, other: a }, { name: 2, value: 2, other: b }] }
- description: replace non merging list nested in merging list with deletion conflict
  current: { mergingList: [{ name: 1, other: a, nonMergingList: [{ name: 2, value: 2 }] }, { name: 2, other: b }] }
  patch:
    $setElementOrder/mergingList: [{ name: 1 }, { name: 2 }]
    mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }]
  result: { mergingList: [{ name: 1, other: a, nonMergingList: [{ name: 1, value: 1 }] }, { name: 2, other: b }] }
- description: add field to map in merging list nested in merging list with value conflict
  current:
    mergingList:
      - { name: 1, other: a, mergingList: [{ name: 1, value: a, other: c }, { name: 2, value: b, other: d }] }
      - { name: 2, other: b }
  patch:
    $setElementOrder/mergingList: [{ name: 1 }, { name: 2 }]
    mergingList:
      - $setElementOrder/mergingList: [{ name: 1 }, { name: 2 }]
        name: 1
        mergingList: [{ name: 1, value: 1 }, { name: 2, value: 2 }]
  result:
    mergingList:
      - { name: 1, other: a, mergingList: [{ name: 1, value: 1, other: c }, { name: 2, value: 2, other: d }] }
      - { name: 2, other: b }
- description: add field to map in merging list nested in merging list with deletion conflict
  current: { mergingList: [{ name: 1, other: a, mergingList: [{ name: 2, value: 2, other: d }] }, { name: 2, other: b }] }
  patch:
    $setElementOrder/mergingList: [{ name: 1 }, { name: 2 }]
    mergingList: [{ $setElementOrder/mergingList: [{ name: 2 }, { name: 1 }], name: 1, mergingList: [{ name: 1, value: 1 }] }]
  result:
    mergingList:
      - { name: 1, other: a, mergingList: [{ name: 2, value: 2, other: d }, { name: 1, value: 1 }] }
      - { name: 2, other: b }
- description: add map to merging list by pointer
  current: { mergeItemPtr: [{ name: 1, other: a }, { name: 3 }] }
  patch: { $setElementOrder/mergeItemPtr: [{ name: 1 }, { name: 2 }], mergeItemPtr: [{ name: 2 }] }
  result: { mergeItemPtr: [{ name: 1, other: a }, { name: 2 }, { name: 3 }] }
- description: merge lists of scalars
  current: { mergingIntList: [1, 2, 4] }
  patch: { $setElementOrder/mergingIntList: [1, 2, 3], mergingIntList: [3] }
  result: { mergingIntList: [1, 2, 3, 4] }
- description: add an item in a list of primitives and preserve order
  current: { mergingIntList: [1, 4, 2] }
  patch: { $setElementOrder/mergingIntList: [3, 1, 2], mergingIntList: [3] }
  result: { mergingIntList: [3, 1, 4, 2] }
- description: delete an item in a list of primitives and preserve order
  current: { mergingIntList: [1, 2, 3] }
  patch: { $setElementOrder/mergingIntList: [2, 1], $deleteFromPrimitiveList/mergingIntList: [3] }
  result: { mergingIntList: [2, 1] }
- description: delete an item in a list and preserve order
  current: { mergingList: [{ name: 1, other: a }, { name: 2, value: 2, other: b }, { name: 3, value: 3 }] }
  patch: { $setElementOrder/mergingList: [{ name: 2 }, { name: 1 }], mergingList: [{ name: 3, $patch: delete }] }
  result: { mergingList: [{ name: 2, value: 2, other: b }, { name: 1, other: a }] }
- description: add and delete an item in a list and preserve order
  current: { mergingList: [{ name: 1, other: a }, { name: 2, value: 2, other: b }, { name: 3, value: 3 }] }
  patch:
    $setElementOrder/mergingList: [{ name: 4 }, { name: 2 }, { name: 1 }]
    mergingList: [{ name: 4, value: 4 }, { name: 3, $patch: delete }]
  result: { mergingList: [{ name: 4, value: 4 }, { name: 2, value: 2, other: b }, { name: 1, other: a }] }
- description: set elements order in a list with server-only items 2
  current: { mergingList: [{ name: 1, other: a }, { name: 2, value: 2 }, { name: 9 }, { name: 3, value: 3 }, { name: 4, value: 4 }] }
  patch: { $setElementOrder/mergingList: [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }] }
  result: { mergingList: [{ name: 2, value: 2 }, { name: 1, other: a }, { name: 9 }, { name: 4, value: 4 }, { name: 3, value: 3 }] }
- description: set elements order in a list with server-only items 3
  current: { mergingList: [{ name: 1, other: a }, { name: 2, value: 2 }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 3, value: 3 }, { name: 4, value: 4 }] }
  patch: { $setElementOrder/mergingList: [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }] }
  result: { mergingList: [{ name: 2, value: 2 }, { name: 1, other: a }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 4, value: 4 }, { name: 3, value: 3 }] }
- description: set elements order in a int list with server-only items 3
  current: { mergingIntList: [1, 2, 7, 9, 8, 3, 4] }
  patch: { $setElementOrder/mergingIntList: [2, 1, 4, 3] }
  result: { mergingIntList: [2, 1, 7, 9, 8, 4, 3] }
- description: behavior of set element order for a merging list with duplicate
  current: { mergingList: [{ name: 1 }, { name: 2, value: dup1 }, { name: 3 }, { name: 2, value: dup2 }, { name: 4 }] }
  patch: { $setElementOrder/mergingList: [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }, { name: 2 }] }
  result: { mergingList: [{ name: 2, value: dup1 }, { name: 2, value: dup2 }, { name: 1 }, { name: 4 }, { name: 3 }] }
- description: behavior of set element order for a merging int list with duplicate
  current: { mergingIntList: [1, 2, 3, 2, 4] }
  patch: { $setElementOrder/mergingIntList: [2, 1, 4, 3, 2] }
  result: { mergingIntList: [2, 2, 1, 4, 3] }
- description: retainKeys map should clear defaulted field
  current: { retainKeysMap: { value: foo } }
  patch: { retainKeysMap: { $retainKeys: [other], other: bar } }
  result: { retainKeysMap: { other: bar } }
- description: retainKeys map should clear defaulted field with conflict (discriminated union)
  current: { retainKeysMap: { name: type1, value: foo } }
  patch: { retainKeysMap: { $retainKeys: [name, other], name: type2, other: bar } }
  result: { retainKeysMap: { name: type2, other: bar } }
- description: retainKeys map deletes a field and clears a field
  current: { retainKeysMap: { name: foo, value: bar, other: a } }
  patch: { retainKeysMap: { $retainKeys: [name], value: null } }
  result: { retainKeysMap: { name: foo } }
- description: retainKeys map adds a field in a nested map
  current: { retainKeysMap: { name: foo, value: bar, simpleMap: { key1: a, key3: c } } }
  patch: { retainKeysMap: { $retainKeys: [name, simpleMap, value], simpleMap: { key2: b } } }
  result: { retainKeysMap: { name: foo, value: bar, simpleMap: { key1: a, key2: b, key3: c } } }
- description: retainKeys map replaces non-merging list
  current: { retainKeysMap: { name: foo, value: bar, nonMergingList: [{ name: a }, { name: b }] } }
  patch: { retainKeysMap: { $retainKeys: [name, nonMergingList, value], nonMergingList: [{ name: a }, { name: c }, { name: b }] } }
  result: { retainKeysMap: { name: foo, value: bar, nonMergingList: [{ name: a }, { name: c }, { name: b }] } }
`) as Case[]

describe('strategic merge patch: apimachinery patch_test.go cases', () => {
  it.each(cases.map((c) => [c.description, c] as const))('%s', (_, c) => {
    if (c.error !== undefined) {
      let caught: unknown
      try {
        applyStrategicMergePatch(c.current, c.patch, mergeItemMeta)
      } catch (e) {
        caught = e
      }
      expect(caught).toBeInstanceOf(PatchError)
      expect((caught as PatchError).message).toBe(c.error)
      expect((caught as PatchError).kind).toBe(c.kind)
      return
    }
    expect(applyStrategicMergePatch(c.current, c.patch, mergeItemMeta)).toEqual(c.result)
  })
})
