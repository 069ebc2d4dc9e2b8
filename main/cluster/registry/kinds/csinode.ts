import type { CSINode } from 'kubernetes-types/storage/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ageColumn, column, nameColumn } from '../columns/common'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { validateCSIDriverName } from './csi-driver-name'

/**
 * storage.k8s.io/v1 CSINode: the CSI drivers registered on one node, named
 * after it. The kubelet makes one for its node (with no drivers until a CSI
 * driver registers) and owns it. Validation as ValidateCSINode.
 */
export type CSINodeObject = CSINode & KubeObject

/** nodeIDMaxLength: what a driver's node id may be. */
const maxNodeIDLength = 192

function validateCSINode(n: CSINodeObject): FieldError[] {
  const errs = validateCoreObjectMeta(n.metadata, false, nameIsDNSSubdomain, path('metadata'))
  const names = new Set<string>()
  ;(n.spec?.drivers ?? []).forEach((d, i) => {
    const fp = `spec.drivers[${i}]`
    errs.push(...validateCSIDriverName(d.name, `${fp}.name`))
    if (names.has(d.name)) errs.push(field.duplicate(`${fp}.name`, d.name))
    names.add(d.name)
    if (!d.nodeID) errs.push(field.required(`${fp}.nodeID`, ''))
    else if (d.nodeID.length > maxNodeIDLength) errs.push(field.invalid(`${fp}.nodeID`, d.nodeID, `must be ${maxNodeIDLength} characters or less`))
    const count = d.allocatable?.count
    if (count !== undefined && count < 0) errs.push(field.invalid(`${fp}.allocatable.count`, count, 'must be greater than or equal to 0'))
  })
  return errs
}

export const csiNodeDefinition: ResourceDefinition<CSINodeObject> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSINode',
  plural: 'csinodes',
  singular: 'csinode',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: false,
  tableColumns: [nameColumn(), column('Drivers', 'Drivers indicates the number of CSI drivers registered on the node', (n) => n.spec?.drivers?.length ?? 0, 0, 'integer'), ageColumn()],

  defaults() {},

  validate: validateCSINode
}
