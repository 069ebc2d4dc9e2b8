import { describe, expect, it } from 'vitest'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { storageClassDefinition as def } from '../../../main/cluster/registry/kinds/storageclass'

type SC = StorageClass & KubeObject

function storageClass(fields: Record<string, unknown> = {}): SC {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard' },
    provisioner: 'rancher.io/local-path',
    ...fields
  } as SC
}

function create(sc: SC): { obj: SC; errors: string[] } {
  const obj = structuredClone(sc)
  def.defaults(obj)
  def.prepareForCreate?.(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

function update(old: SC, change: (sc: SC) => void): string[] {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  def.prepareForUpdate?.(obj, old)
  return def.validateUpdate!(obj, old).map(fieldErrorString)
}

const stored = create(storageClass({ parameters: { type: 'ssd' } })).obj

describe('StorageClass names and discovery', () => {
  it('is served as storageclasses/sc in storage.k8s.io/v1, cluster-scoped', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', 'storageclass'])
    expect(def.shortNames).toEqual(['sc'])
    expect(def.categories).toEqual([])
    expect(def.namespaced).toBe(false)
    expect(def.hasStatus).toBe(false)
  })
})

describe('StorageClass defaults', () => {
  it('deletes volumes when released and binds them immediately', () => {
    const { obj, errors } = create(storageClass())
    expect(errors).toEqual([])
    expect(obj).toEqual({ ...storageClass(), reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' })
  })

  it('keeps given values', () => {
    const { obj } = create(storageClass({ reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' }))
    expect([obj.reclaimPolicy, obj.volumeBindingMode]).toEqual(['Retain', 'WaitForFirstConsumer'])
  })
})

describe('StorageClass validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a class with topologies and options', { allowVolumeExpansion: true, mountOptions: ['debug'], allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a', 'b'] }] }] }, []],
    ['no provisioner', { provisioner: '' }, ['provisioner: Required value']],
    [
      'a provisioner that is no qualified name (checked lower-cased)',
      { provisioner: 'Example.com/My Disk' },
      [
        "provisioner: Invalid value: \"example.com/my disk\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
      ]
    ],
    ['an unknown reclaim policy', { reclaimPolicy: 'Recycle' }, ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
    ['an unknown binding mode', { volumeBindingMode: 'Later' }, ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"']],
    ['an empty parameter key', { parameters: { '': 'x' } }, ['parameters: Invalid value: "": field can not be empty.']],
    [
      'a topology term without values',
      { allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: [] }] }] },
      ['allowedTopologies[0].matchLabelExpressions[0].values: Required value']
    ],
    [
      'a repeated topology value and key',
      {
        allowedTopologies: [
          {
            matchLabelExpressions: [
              { key: 'zone', values: ['a', 'a'] },
              { key: 'zone', values: ['b'] }
            ]
          }
        ]
      },
      ['allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: "a"', 'allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "zone"']
    ]
  ])('%s', (_name, fields, expected) => {
    expect(create(storageClass(fields)).errors).toEqual(expected)
  })
})

describe('StorageClass updates', () => {
  it.each<[string, (sc: SC) => void, string[]]>([
    ['parameters', (sc) => (sc.parameters = { type: 'hdd' }), ['parameters: Forbidden: updates to parameters are forbidden.']],
    ['provisioner', (sc) => (sc.provisioner = 'example.com/other'), ['provisioner: Forbidden: updates to provisioner are forbidden.']],
    ['reclaimPolicy', (sc) => (sc.reclaimPolicy = 'Retain'), ['reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.']],
    ['volumeBindingMode', (sc) => (sc.volumeBindingMode = 'WaitForFirstConsumer'), ['volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable']],
    ['allowVolumeExpansion (allowed)', (sc) => (sc.allowVolumeExpansion = true), []],
    ['the default-class annotation (allowed)', (sc) => (sc.metadata.annotations = { 'storageclass.kubernetes.io/is-default-class': 'true' }), []]
  ])('changing %s', (_name, change, expected) => {
    expect(update(stored, change)).toEqual(expected)
  })
})
