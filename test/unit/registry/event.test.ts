import { describe, expect, it } from 'vitest'
import type { Event } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { eventDefinition as def } from '../../../main/cluster/registry/kinds/event'

function event(body: Record<string, unknown> = {}, namespace = 'default'): Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.17a2b3c4d5e6f708', namespace },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u-1', apiVersion: 'v1', resourceVersion: '42', fieldPath: 'spec.containers{app}' },
    reason: 'Pulled',
    message: 'Container image "nginx:1.27" already present on machine',
    source: { component: 'kubelet', host: 'node-1' },
    type: 'Normal',
    ...body
  } as Event
}

const errors = (e: Event) => def.validate(e).map(fieldErrorString)

describe('Event', () => {
  it('is ev, namespaced', () => {
    expect([def.plural, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['events', ['ev'], true, false])
  })

  it('accepts a kubelet event, whose name is not a DNS name', () => {
    expect(errors(event({}, 'default'))).toEqual([])
    expect(errors({ ...event(), metadata: { name: 'web:pulled', namespace: 'default' } })).toEqual([])
  })

  it('needs the involved object in the event namespace', () => {
    expect(errors(event({}, 'kube-system'))).toEqual(['involvedObject.namespace: Invalid value: "default": does not match event.namespace'])
  })

  it('lets events about cluster objects live in default', () => {
    expect(errors(event({ involvedObject: { kind: 'Node', name: 'node-1' } }, 'default'))).toEqual([])
  })

  it('needs the reporting fields on new-style events (an empty controller also fails the name check, as in Kubernetes)', () => {
    expect(errors(event({ eventTime: '2024-01-01T00:00:00.000000Z', reason: '' }))).toEqual([
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      `reportingController: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value'
    ])
  })

  it('exposes the fields kubectl get events selects on', () => {
    expect(def.selectableFields!(event())).toEqual({
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'default',
      'involvedObject.name': 'web',
      'involvedObject.uid': 'u-1',
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '42',
      'involvedObject.fieldPath': 'spec.containers{app}',
      reason: 'Pulled',
      reportingComponent: '',
      source: 'kubelet',
      type: 'Normal'
    })
  })
})
