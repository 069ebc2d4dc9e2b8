import { describe, expect, it } from 'vitest'
import type { StatefulSet } from 'kubernetes-types/apps/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { statefulSetDefinition as def } from '../../../main/cluster/registry/kinds/statefulset'
import { controllerRevisionDefinition as crDef } from '../../../main/cluster/registry/kinds/controllerrevision'

/** The tutorial's StatefulSet `web` (kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set). */
function web(spec: Record<string, unknown> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] }
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec
    }
  } as StatefulSet
}

function create(sts: StatefulSet): { obj: StatefulSet; errors: string[] } {
  const obj = structuredClone(sts)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

function update(old: StatefulSet, change: (s: StatefulSet) => void): string[] {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  return def.validateUpdate!(obj, old).map(fieldErrorString)
}

describe('StatefulSet names and discovery', () => {
  it('is served as statefulsets/sts in apps/v1, in category all, with status and scale', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['apps', 'v1', 'StatefulSet', 'statefulsets', 'statefulset'])
    expect(def.shortNames).toEqual(['sts'])
    expect(def.categories).toEqual(['all'])
    expect(def.hasStatus).toBe(true)
    expect(def.scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' })
  })
})

describe('StatefulSet defaults', () => {
  it('orders pods, rolls from partition 0, retains claims, keeps ten revisions; claim templates read back as claims', () => {
    const { obj, errors } = create(web({ replicas: undefined }))
    expect(errors).toEqual([])
    const spec = obj.spec!
    expect(spec.podManagementPolicy).toBe('OrderedReady')
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } })
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' })
    expect(spec.replicas).toBe(1)
    expect(spec.revisionHistoryLimit).toBe(10)
    expect(spec.template.spec).toMatchObject({ restartPolicy: 'Always', schedulerName: 'default-scheduler' })
    expect(spec.volumeClaimTemplates![0]).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } })
    expect(obj.status).toEqual({ replicas: 0, availableReplicas: 0 })
  })

  it('leaves OnDelete without rolling-update knobs', () => {
    const { obj, errors } = create(web({ updateStrategy: { type: 'OnDelete' } }))
    expect(errors).toEqual([])
    expect(obj.spec!.updateStrategy).toEqual({ type: 'OnDelete' })
  })
})

describe('StatefulSet validation', () => {
  it('requires the selector to match the template labels', () => {
    const { errors } = create(web({ selector: { matchLabels: { app: 'other' } } }))
    expect(errors).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`'])
  })

  it('rejects unknown policies and strategies, negative partitions and empty selectors', () => {
    expect(create(web({ podManagementPolicy: 'Random' })).errors).toEqual(["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"])
    expect(create(web({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } })).errors).toEqual([
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'
    ])
    expect(create(web({ selector: {} })).errors).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset'
    )
    expect(create(web({ template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [], restartPolicy: 'Never' } } })).errors).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'
    ])
  })

  it('lets updates change only replicas, template, updateStrategy and the few other mutable fields', () => {
    const { obj } = create(web())
    expect(update(obj, (s) => (s.spec!.replicas = 5))).toEqual([])
    expect(update(obj, (s) => (s.spec!.template.spec!.containers[0].image = 'nginx:2'))).toEqual([])
    expect(update(obj, (s) => (s.spec!.serviceName = 'other'))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    ])
  })

  it('checks status counters against status.replicas', () => {
    const { obj } = create(web())
    const next = { ...obj, status: { replicas: 1, readyReplicas: 2, availableReplicas: 0 } }
    expect(def.validateStatusUpdate!(next, obj).map(fieldErrorString)).toEqual(['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas'])
  })
})

describe('ControllerRevision validation', () => {
  it('requires data and keeps it immutable; the revision number may change', () => {
    const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-abc', namespace: 'default' }, revision: 1 } as const
    expect(crDef.validate(cr).map(fieldErrorString)).toEqual(['data: Required value: data is mandatory'])
    const full = { ...cr, data: { spec: { template: {} } } }
    expect(crDef.validateUpdate!({ ...full, revision: 3 }, full)).toEqual([])
    const errors = crDef.validateUpdate!({ ...full, data: { spec: {} } }, full).map(fieldErrorString)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^data: Invalid value: .*: field is immutable$/)
  })
})
