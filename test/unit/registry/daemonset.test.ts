import { describe, expect, it } from 'vitest'
import type { DaemonSet } from 'kubernetes-types/apps/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { daemonSetDefinition as def, templateGenerationAnnotation } from '../../../main/cluster/registry/kinds/daemonset'

function daemonSet(spec: Record<string, unknown> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'fluentd:v1' }] } },
      ...spec
    }
  } as DaemonSet
}

function create(ds: DaemonSet): { obj: DaemonSet; errors: string[] } {
  const obj = structuredClone(ds)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

function update(old: DaemonSet, change: (ds: DaemonSet) => void): { obj: DaemonSet; errors: string[] } {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  def.prepareForUpdate!(obj, old)
  return { obj, errors: def.validateUpdate!(obj, old).map(fieldErrorString) }
}

const stored = create(daemonSet()).obj
const template = daemonSet().spec!.template
const mismatch = 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`'

describe('DaemonSet names and discovery', () => {
  it('is served as daemonsets/ds in apps/v1, in category all, with status and no scale', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['apps', 'v1', 'DaemonSet', 'daemonsets', 'daemonset'])
    expect(def.shortNames).toEqual(['ds'])
    expect(def.categories).toEqual(['all'])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(true)
    expect(def.scale).toBeUndefined()
  })
})

describe('DaemonSet defaults', () => {
  it('rolls one pod at a time, keeps ten revisions, and starts at template generation 1', () => {
    const { obj, errors } = create(daemonSet())
    expect(errors).toEqual([])
    expect(obj.spec!.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } })
    expect(obj.spec!.revisionHistoryLimit).toBe(10)
    expect(obj.spec!.template.spec).toMatchObject({ restartPolicy: 'Always', schedulerName: 'default-scheduler' })
    expect(obj.metadata!.annotations).toEqual({ [templateGenerationAnnotation]: '1' })
    expect(obj.status).toEqual({ currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 })
  })

  it('leaves OnDelete without rolling-update knobs', () => {
    expect(create(daemonSet({ updateStrategy: { type: 'OnDelete' } })).obj.spec!.updateStrategy).toEqual({ type: 'OnDelete' })
  })

  it('keeps a template generation carried over from an older object', () => {
    const ds = daemonSet()
    ds.metadata!.annotations = { [templateGenerationAnnotation]: '4' }
    expect(create(ds).obj.metadata!.annotations![templateGenerationAnnotation]).toBe('4')
  })
})

describe('DaemonSet validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no selector (a nil selector matches nothing; no Required error for DaemonSets)', { selector: undefined }, [mismatch]],
    ['a selector the template does not match', { selector: { matchLabels: { app: 'other' } } }, [mismatch]],
    [
      'an empty selector',
      { selector: { matchLabels: {} } },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset']
    ],
    [
      'a pod that would not restart',
      { template: { ...template, spec: { ...template!.spec, restartPolicy: 'Never' } } },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']
    ],
    [
      'an active deadline',
      { template: { ...template, spec: { ...template!.spec, activeDeadlineSeconds: 5 } } },
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported']
    ],
    [
      'both maxSurge and maxUnavailable',
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } },
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero']
    ],
    ['surge instead of unavailable', { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } } }, []],
    [
      'neither maxSurge nor maxUnavailable',
      { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } },
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']
    ],
    [
      'a surge over 100%',
      { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '120%' } } },
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%']
    ],
    [
      'an unknown update strategy',
      { updateStrategy: { type: 'Canary' } },
      ['spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Canary", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"']
    ],
    ['negative revisionHistoryLimit', { revisionHistoryLimit: -1 }, ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']]
  ])('rejects %s', (_name, spec, expected) => {
    expect(create(daemonSet(spec)).errors).toEqual(expected)
  })
})

describe('DaemonSet updates', () => {
  it('bumps the template generation when the template changes, and only then', () => {
    const changed = update(stored, (ds) => (ds.spec!.template.spec!.containers[0].image = 'fluentd:v2'))
    expect(changed.errors).toEqual([])
    expect(changed.obj.metadata!.annotations![templateGenerationAnnotation]).toBe('2')
    const same = update(changed.obj, (ds) => (ds.spec!.minReadySeconds = 5))
    expect(same.obj.metadata!.annotations![templateGenerationAnnotation]).toBe('2')
  })

  it('ignores a client-set template generation', () => {
    const { obj } = update(stored, (ds) => (ds.metadata!.annotations = { [templateGenerationAnnotation]: '9', team: 'a' }))
    expect(obj.metadata!.annotations).toEqual({ [templateGenerationAnnotation]: '1', team: 'a' })
  })

  it('keeps the selector immutable', () => {
    const { errors } = update(stored, (ds) => {
      ds.spec!.selector = { matchLabels: { app: 'agent', tier: 'node' } }
      ds.spec!.template.metadata!.labels = { app: 'agent', tier: 'node' }
    })
    expect(errors).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"agent", "tier":"node"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'])
  })
})

describe('DaemonSet status updates', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['a consistent status', { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2 }, {}, []],
    ['negative counts', { currentNumberScheduled: 0, desiredNumberScheduled: -1, numberMisscheduled: 0, numberReady: 0 }, {}, ['status.desiredNumberScheduled: Invalid value: -1: must be greater than or equal to 0']],
    ['a dropped collisionCount', { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }, { collisionCount: 0 }, ['status.collisionCount: Invalid value: 0: cannot be decremented']]
  ])('%s', (_name, status, oldStatus, expected) => {
    expect(def.validateStatusUpdate!({ ...stored, status } as unknown as DaemonSet, { ...stored, status: oldStatus } as unknown as DaemonSet).map(fieldErrorString)).toEqual(expected)
  })
})
