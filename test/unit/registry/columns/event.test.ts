import { describe, expect, it } from 'vitest'
import type { Event } from 'kubernetes-types/core/v1'
import { eventColumns } from '../../../../main/cluster/registry/columns/event'
import { eventDefinition } from '../../../../main/cluster/registry/kinds/event'
import { ago, day, headers, minute, narrowRow, row, second } from './helpers'

type CoreEvent = Event & { reportingComponent?: string; reportingInstance?: string }

function ev(name: string, body: Partial<CoreEvent>): CoreEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Deployment', name: 'Deployment Name', fieldPath: 'spec.containers{foo}' },
    source: { component: 'kubelet', host: 'Node1' },
    reason: 'Event Reason',
    message: 'Message Data',
    type: 'Warning',
    ...body
  }
}

describe('event columns', () => {
  it('are the event columns of Kubernetes 1.32', () => {
    expect(headers(eventColumns)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*'])
    expect(eventColumns[9].format).toBe('name')
    expect(eventDefinition.tableColumns).toBe(eventColumns)
  })

  // TestPrintEvent
  it('prints a basic event', () => {
    const e = ev('event1', {
      source: { component: 'kubelet' },
      involvedObject: { kind: 'Pod', name: 'Pod Name', fieldPath: 'spec.containers{foo}' },
      firstTimestamp: ago(3 * day),
      lastTimestamp: ago(2 * day),
      count: 6,
      type: 'Normal'
    })
    expect(narrowRow(eventColumns, e)).toEqual(['2d', 'Normal', 'Event Reason', 'pod/Pod Name', 'Message Data'])
  })

  it.each<[string, CoreEvent, unknown[]]>([
    [
      'a basic event',
      ev('event2', { firstTimestamp: ago(3 * day), lastTimestamp: ago(2 * day), count: 6 }),
      ['2d', 'Warning', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, Node1', 'Message Data', '3d', 6, 'event2']
    ],
    [
      'without firstTimestamp',
      ev('event3', { eventTime: ago(3 * day), lastTimestamp: ago(3 * day), count: 1 }),
      ['3d', 'Warning', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, Node1', 'Message Data', '3d', 1, 'event3']
    ],
    [
      'without lastTimestamp',
      ev('event4', { eventTime: ago(3 * day), firstTimestamp: ago(3 * day), count: 1 }),
      ['3d', 'Warning', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, Node1', 'Message Data', '3d', 1, 'event4']
    ],
    [
      'without firstTimestamp and lastTimestamp',
      ev('event5', { eventTime: ago(3 * day), count: 1 }),
      ['3d', 'Warning', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, Node1', 'Message Data', '3d', 1, 'event5']
    ],
    [
      'a series, without timestamps and count',
      ev('event6', { series: { count: 2, lastObservedTime: ago(2 * day) }, eventTime: ago(3 * day) }),
      ['2d', 'Warning', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, Node1', 'Message Data', '3d', 2, 'event6']
    ],
    [
      'a singleton, without timestamps and count',
      ev('event7', { eventTime: ago(3 * day) }),
      ['3d', 'Warning', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, Node1', 'Message Data', '3d', 1, 'event7']
    ],
    [
      'an empty source, from the reporting fields',
      ev('event2', { source: {}, reportingComponent: 'kubelet', reportingInstance: 'test', firstTimestamp: ago(3 * day), lastTimestamp: ago(2 * day), count: 6 }),
      ['2d', 'Warning', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, test', 'Message Data', '3d', 6, 'event2']
    ],
    [
      'a scheduler event: no host, no subobject, trimmed message',
      ev('web-0.17a2b3c4d5e6f708', {
        involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default' },
        source: { component: 'default-scheduler' },
        reportingComponent: '',
        reportingInstance: '',
        reason: 'Scheduled',
        type: 'Normal',
        message: '  Successfully assigned default/web-0 to node-1\n',
        firstTimestamp: ago(90 * second),
        lastTimestamp: ago(90 * second),
        count: 1
      }),
      ['90s', 'Normal', 'Scheduled', 'pod/web-0', '', 'default-scheduler', 'Successfully assigned default/web-0 to node-1', '90s', 1, 'web-0.17a2b3c4d5e6f708']
    ],
    [
      'an object without a name, and no time at all',
      ev('cluster', { involvedObject: { kind: 'Node' }, source: { host: 'node-1' }, count: 0 }),
      ['<unknown>', 'Warning', 'Event Reason', 'node', '', ', node-1', 'Message Data', '<unknown>', 1, 'cluster']
    ],
    [
      'a repeated event',
      ev('web.1', { involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' }, reason: 'BackOff', firstTimestamp: ago(10 * minute), lastTimestamp: ago(25 * second), count: 42 }),
      ['25s', 'Warning', 'BackOff', 'pod/web', 'spec.containers{nginx}', 'kubelet, Node1', 'Message Data', '10m', 42, 'web.1']
    ]
  ])('wide: %s', (_name, e, expected) => {
    expect(row(eventColumns, e)).toEqual(expected)
  })
})
