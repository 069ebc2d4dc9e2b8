import { type FieldMap, type PatchMeta, mergeList, mergeRetainList, mergeSet, object, patchMetaFromSpec, replaceStrategy, retainKeys } from '../../../../main/cluster/apiserver/patch/patch-meta'

/**
 * The test struct of apimachinery's strategicpatch/patch_test.go, as PatchMeta:
 *
 *   MergingList           []MergeItem `patchStrategy:"merge" patchMergeKey:"name"`
 *   NonMergingList        []MergeItem
 *   MergingIntList        []int       `patchStrategy:"merge"`
 *   NonMergingIntList     []int
 *   MergeItemPtr          *MergeItem  `patchStrategy:"merge" patchMergeKey:"name"`
 *   SimpleMap             map[string]string
 *   ReplacingItem         runtime.RawExtension `patchStrategy:"replace"`
 *   RetainKeysMap         RetainKeysMergeItem  `patchStrategy:"retainKeys"`
 *   RetainKeysMergingList []MergeItem `patchStrategy:"merge,retainKeys" patchMergeKey:"name"`
 */
const mergeItem: FieldMap = {
  mergingList: mergeList('name', () => mergeItem),
  nonMergingList: object(() => mergeItem),
  mergingIntList: mergeSet,
  nonMergingIntList: {},
  mergeItemPtr: mergeList('name', () => mergeItem),
  simpleMap: {},
  replacingItem: replaceStrategy,
  retainKeysMap: retainKeys(() => retainKeysMergeItem),
  retainKeysMergingList: mergeRetainList('name', () => mergeItem)
}

const retainKeysMergeItem: FieldMap = {
  simpleMap: {},
  mergingIntList: mergeSet,
  mergingList: mergeList('name', () => mergeItem),
  nonMergingList: object(() => mergeItem)
}

/** Root metadata of a MergeItem document. */
export const mergeItemMeta: PatchMeta = patchMetaFromSpec(object(mergeItem))
