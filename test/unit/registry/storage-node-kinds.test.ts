import { describe, expect, it } from 'vitest'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import type { ResourceDefinition } from '../../../main/cluster/registry/types'
import { csiDriverDefinition } from '../../../main/cluster/registry/kinds/csidriver'
import { csiNodeDefinition } from '../../../main/cluster/registry/kinds/csinode'
import { csiStorageCapacityDefinition } from '../../../main/cluster/registry/kinds/csistoragecapacity'
import { volumeAttachmentDefinition } from '../../../main/cluster/registry/kinds/volumeattachment'
import { runtimeClassDefinition } from '../../../main/cluster/registry/kinds/runtimeclass'

/** Defaults, prepares and validates a new object as the create pipeline does. */
function create<T extends KubeObject>(def: ResourceDefinition<T>, obj: Record<string, unknown>): { obj: T; errors: string[] } {
  const o = structuredClone(obj) as T
  def.defaults(o)
  def.prepareForCreate?.(o)
  return { obj: o, errors: def.validate(o).map(fieldErrorString) }
}

const cells = <T extends KubeObject>(def: ResourceDefinition<T>, obj: T) => def.tableColumns!.map((c) => c.cell(obj, Date.parse('2026-01-01T00:10:00Z')))

describe('storage.k8s.io CSI kinds', () => {
  it('CSINode: drivers validated, shown by count', () => {
    const ok = create(csiNodeDefinition, { metadata: { name: 'kind-worker', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { drivers: null } })
    expect(ok.errors).toEqual([])
    expect(cells(csiNodeDefinition, ok.obj)).toEqual(['kind-worker', 0, '10m'])
    const bad = create(csiNodeDefinition, { metadata: { name: 'n' }, spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: '' }, { name: 'ebs.csi.aws.com', nodeID: 'i-1', allocatable: { count: -1 } }] } })
    expect(bad.errors).toEqual(['spec.drivers[0].nodeID: Required value', 'spec.drivers[1].name: Duplicate value: "ebs.csi.aws.com"', 'spec.drivers[1].allocatable.count: Invalid value: -1: must be greater than or equal to 0'])
  })

  it('CSIDriver: SetDefaults_CSIDriver, and attachRequired fixed once registered', () => {
    const { obj, errors } = create(csiDriverDefinition, { metadata: { name: 'hostpath.csi.k8s.io' }, spec: {} })
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({ attachRequired: true, podInfoOnMount: false, storageCapacity: false, fsGroupPolicy: 'ReadWriteOnceWithFSType', requiresRepublish: false, seLinuxMount: false, volumeLifecycleModes: ['Persistent'] })
    const changed = structuredClone(obj)
    changed.spec!.attachRequired = false
    expect(csiDriverDefinition.validateUpdate!(changed, obj).map(fieldErrorString)).toEqual(['spec.attachRequired: Invalid value: false: field is immutable'])
  })

  it('VolumeAttachment: exactly one source, spec immutable, status split', () => {
    expect(create(volumeAttachmentDefinition, { metadata: { name: 'csi-1' }, spec: { attacher: 'hostpath.csi.k8s.io', nodeName: 'kind-worker', source: {} } }).errors).toEqual([
      'spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName'
    ])
    const { obj, errors } = create(volumeAttachmentDefinition, { metadata: { name: 'csi-1' }, spec: { attacher: 'hostpath.csi.k8s.io', nodeName: 'kind-worker', source: { persistentVolumeName: 'pv-1' } }, status: { attached: true } })
    expect(errors).toEqual([])
    expect(obj.status).toBeUndefined()
    expect(volumeAttachmentDefinition.hasStatus).toBe(true)
  })

  it('CSIStorageCapacity: a storage class and non-negative quantities; no Age column', () => {
    expect(create(csiStorageCapacityDefinition, { metadata: { name: 'c', namespace: 'default' }, storageClassName: '', capacity: '-1Gi' }).errors).toEqual([
      'storageClassName: Required value',
      'capacity: Invalid value: "-1Gi": must be greater than or equal to 0'
    ])
    expect(csiStorageCapacityDefinition.tableColumns!.map((c) => c.name)).toEqual(['Name', 'StorageClassName', 'Capacity'])
  })
})

describe('node.k8s.io RuntimeClass', () => {
  it('needs a DNS-label handler that never changes', () => {
    expect(create(runtimeClassDefinition, { metadata: { name: 'gvisor' }, handler: 'Run_SC' }).errors).toEqual([
      expect.stringMatching(/^handler: Invalid value: "Run_SC": a lowercase RFC 1123 label must consist of/)
    ])
    expect(create(runtimeClassDefinition, { metadata: { name: 'gvisor' } }).errors).toEqual(['handler: Required value'])
    const { obj } = create(runtimeClassDefinition, { metadata: { name: 'gvisor' }, handler: 'runsc' })
    expect(runtimeClassDefinition.validateUpdate!({ ...obj, handler: 'runc' }, obj).map(fieldErrorString)).toEqual(['handler: Invalid value: "runc": field is immutable'])
  })
})
