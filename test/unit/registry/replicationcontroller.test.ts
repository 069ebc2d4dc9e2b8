import { describe, expect, it } from 'vitest'
import type { ReplicationController } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { replicationControllerDefinition as def } from '../../../main/cluster/registry/kinds/replicationcontroller'

function rc(spec: Record<string, unknown> = {}): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web', namespace: 'default' },
    spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }, ...spec }
  } as ReplicationController
}

function create(r: ReplicationController): { obj: ReplicationController; errors: string[] } {
  const obj = structuredClone(r)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

describe('ReplicationController', () => {
  it('is rc, in category all, with status, generation and scale', () => {
    expect([def.plural, def.shortNames, def.categories, def.hasStatus, def.tracksGeneration]).toEqual(['replicationcontrollers', ['rc'], ['all'], true, true])
    expect(def.scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' })
  })

  it('takes replicas 1, selector and labels from its template', () => {
    const { obj, errors } = create(rc())
    expect(errors).toEqual([])
    expect(obj.spec!.replicas).toBe(1)
    expect(obj.spec!.selector).toEqual({ app: 'web' })
    expect(obj.metadata!.labels).toEqual({ app: 'web' })
    expect(obj.spec!.template!.spec!.restartPolicy).toBe('Always')
    expect(obj.status).toEqual({ replicas: 0 })
  })

  it.each<[string, Record<string, unknown>, string[]]>([
    ['selector not matching the template', { selector: { app: 'db' } }, ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']],
    ['negative replicas', { replicas: -1 }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['no template', { template: undefined, selector: { app: 'web' } }, ['spec.template: Required value']],
    [
      'restartPolicy Never',
      { template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx' }] } } },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']
    ],
    [
      'activeDeadlineSeconds',
      { template: { metadata: { labels: { app: 'web' } }, spec: { activeDeadlineSeconds: 10, containers: [{ name: 'app', image: 'nginx' }] } } },
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported']
    ]
  ])('%s', (_n, spec, expected) => {
    expect(create(rc(spec)).errors).toEqual(expected)
  })

  it('requires a selector when the template has no labels', () => {
    expect(create(rc({ template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } })).errors).toEqual(['spec.selector: Required value'])
  })

  it('checks status writes', () => {
    const obj = create(rc()).obj
    const next = { ...obj, status: { replicas: 1, readyReplicas: 2 } }
    expect(def.validateStatusUpdate!(next, obj).map(fieldErrorString)).toEqual(['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas'])
  })

  it('selects on status.replicas', () => {
    expect(def.selectableFields!(create(rc()).obj)).toEqual({ 'status.replicas': '0' })
  })
})
