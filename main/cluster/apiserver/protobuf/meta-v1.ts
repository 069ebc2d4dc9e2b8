import { field, list, map, message, pointer, required } from './descriptor'

/**
 * k8s.io/apimachinery/pkg/apis/meta/v1 messages used inside objects.
 * Time, MicroTime and FieldsV1 are special types (see descriptor.ts), not tables.
 */

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1'

export const OwnerReference = message(`${META}.OwnerReference`, {
  1: required('kind', 'string'),
  3: required('name', 'string'),
  4: required('uid', 'string'),
  5: required('apiVersion', 'string'),
  6: pointer('controller', 'bool'),
  7: pointer('blockOwnerDeletion', 'bool')
})

export const ManagedFieldsEntry = message(`${META}.ManagedFieldsEntry`, {
  1: field('manager', 'string'),
  2: field('operation', 'string'),
  3: field('apiVersion', 'string'),
  4: pointer('time', 'Time'),
  6: field('fieldsType', 'string'),
  7: pointer('fieldsV1', 'FieldsV1'),
  8: field('subresource', 'string')
})

export const ObjectMeta = message(`${META}.ObjectMeta`, {
  1: field('name', 'string'),
  2: field('generateName', 'string'),
  3: field('namespace', 'string'),
  4: field('selfLink', 'string'),
  5: field('uid', 'string'),
  6: field('resourceVersion', 'string'),
  7: field('generation', 'int64'),
  8: field('creationTimestamp', 'Time'),
  9: pointer('deletionTimestamp', 'Time'),
  10: pointer('deletionGracePeriodSeconds', 'int64'),
  11: map('labels', 'string'),
  12: map('annotations', 'string'),
  13: list('ownerReferences', OwnerReference),
  14: list('finalizers', 'string'),
  17: list('managedFields', ManagedFieldsEntry)
})

export const LabelSelectorRequirement = message(`${META}.LabelSelectorRequirement`, {
  1: required('key', 'string'),
  2: required('operator', 'string'),
  3: list('values', 'string')
})

export const LabelSelector = message(`${META}.LabelSelector`, {
  1: map('matchLabels', 'string'),
  2: list('matchExpressions', LabelSelectorRequirement)
})

export const Condition = message(`${META}.Condition`, {
  1: required('type', 'string'),
  2: required('status', 'string'),
  3: field('observedGeneration', 'int64'),
  4: required('lastTransitionTime', 'Time'),
  5: required('reason', 'string'),
  6: required('message', 'string')
})
