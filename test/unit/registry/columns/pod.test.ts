import { describe, expect, it } from 'vitest'
import type { Container, ContainerStatus, Pod, PodSpec, PodStatus } from 'kubernetes-types/core/v1'
import { podColumns } from '../../../../main/cluster/registry/columns/pod'
import { podDefinition } from '../../../../main/cluster/registry/kinds/pod'
import { ago, day, headers, minute, narrowRow, row, second } from './helpers'

const containers = (n: number): Container[] => Array.from({ length: n }, () => ({ name: '' }))
const cs = (s: Partial<ContainerStatus>): ContainerStatus => ({ name: '', image: '', imageID: '', ready: false, restartCount: 0, ...s })
const running = { running: {} }
const lastTerminated = (ms: number) => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } })

function pod(name: string, spec: Partial<PodSpec>, status: PodStatus, meta: Partial<Pod['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...meta }, spec: { containers: [], ...spec }, status }
}

const always = (name: string): Container => ({ name, restartPolicy: 'Always' })

describe('pod columns', () => {
  it('are the pod columns of Kubernetes 1.32', () => {
    expect(headers(podColumns)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP*', 'Node*', 'Nominated Node*', 'Readiness Gates*'])
    expect(podDefinition.tableColumns).toBe(podColumns)
    expect(podColumns.map((c) => c.type)).toEqual(Array(9).fill('string'))
    expect(podColumns[0].format).toBe('name')
  })

  // TestPrintPod
  it.each<[string, Pod, unknown[]]>([
    [
      'counts ready containers and sums restarts',
      pod('test1', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })] }),
      ['test1', '1/2', 'podPhase', '6', '<unknown>']
    ],
    [
      'a container waiting reason overrides the phase',
      pod('test2', { containers: containers(2) }, {
        phase: 'podPhase',
        containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 })]
      }),
      ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>']
    ],
    [
      'the first container overrides the rest',
      pod('test3', { containers: containers(2) }, {
        phase: 'podPhase',
        containerStatuses: [
          cs({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }),
          cs({ state: { terminated: { exitCode: 0, reason: 'ContainerTerminatedReason' } }, restartCount: 3 })
        ]
      }),
      ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>']
    ],
    [
      'ready is not enough for running',
      pod('test4', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ ready: true, restartCount: 3 })] }),
      ['test4', '1/2', 'podPhase', '6', '<unknown>']
    ],
    [
      'the pod reason wins over the phase',
      pod('test5', { containers: containers(2) }, {
        reason: 'podReason',
        phase: 'podPhase',
        containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ ready: true, restartCount: 3 })]
      }),
      ['test5', '1/2', 'podReason', '6', '<unknown>']
    ],
    [
      'one container completed and one running, without the Ready condition',
      pod('test6', { containers: containers(2) }, {
        phase: 'Running',
        containerStatuses: [cs({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }), cs({ ready: true, restartCount: 3, state: running })]
      }),
      ['test6', '1/2', 'NotReady', '6', '<unknown>']
    ],
    [
      'one container completed and one running, with the Ready condition',
      pod('test6', { containers: containers(2) }, {
        phase: 'Running',
        containerStatuses: [cs({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }), cs({ ready: true, restartCount: 3, state: running })],
        conditions: [{ type: 'Ready', status: 'True', lastProbeTime: ago(0) }]
      }),
      ['test6', '1/2', 'Running', '6', '<unknown>']
    ],
    [
      'an init container restarting, the container not running',
      pod('test7', { initContainers: containers(1), containers: containers(1) }, {
        phase: 'podPhase',
        initContainerStatuses: [cs({ restartCount: 3, state: running, lastState: lastTerminated(10 * second) })],
        containerStatuses: [cs({ state: { waiting: {} } })]
      }),
      ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>']
    ],
    [
      'two init containers, one restarting and one not running',
      pod('test8', { initContainers: containers(2), containers: containers(1) }, {
        phase: 'podPhase',
        initContainerStatuses: [cs({ restartCount: 3, state: running, lastState: lastTerminated(10 * second) }), cs({ state: { waiting: {} } })],
        containerStatuses: [cs({ state: { waiting: {} } })]
      }),
      ['test8', '0/1', 'Init:0/2', '3 (10s ago)', '<unknown>']
    ],
    [
      'two init containers, one completed without restarts and one restarting',
      pod('test9', { initContainers: containers(2), containers: containers(1) }, {
        phase: 'podPhase',
        initContainerStatuses: [cs({ state: { terminated: { exitCode: 0 } } }), cs({ restartCount: 3, state: running, lastState: lastTerminated(10 * second) })],
        containerStatuses: [cs({ state: { waiting: {} } })]
      }),
      ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>']
    ],
    [
      'two init containers, one completed with restarts and one restarting',
      pod('test10', { initContainers: containers(2), containers: containers(1) }, {
        phase: 'podPhase',
        initContainerStatuses: [
          cs({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: lastTerminated(2 * minute) }),
          cs({ restartCount: 3, state: running, lastState: lastTerminated(10 * second) })
        ],
        containerStatuses: [cs({ state: { waiting: {} } })]
      }),
      ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>']
    ],
    [
      'an init container completed with restarts, the container restarting',
      pod('test11', { initContainers: containers(1), containers: containers(1) }, {
        phase: 'Running',
        initContainerStatuses: [cs({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: lastTerminated(2 * minute) })],
        containerStatuses: [cs({ restartCount: 4, state: running, lastState: lastTerminated(20 * second) })]
      }),
      ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>']
    ],
    [
      'a container that restarted 5d ago',
      pod('test12', { containers: containers(1) }, { phase: 'Running', containerStatuses: [cs({ ready: true, restartCount: 3, state: running, lastState: lastTerminated(5 * day) })] }),
      ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>']
    ],
    [
      'one container never restarted, the other 10d ago',
      pod('test13', { containers: containers(2) }, {
        phase: 'Running',
        containerStatuses: [cs({ ready: true, state: running }), cs({ ready: true, restartCount: 3, state: running, lastState: lastTerminated(10 * day) })]
      }),
      ['test13', '2/2', 'Running', '3 (10d ago)', '<unknown>']
    ],
    [
      'the latest restart of two containers',
      pod('test14', { containers: containers(2) }, {
        phase: 'Running',
        containerStatuses: [
          cs({ ready: true, restartCount: 6, state: running, lastState: lastTerminated(5 * day) }),
          cs({ ready: true, restartCount: 3, state: running, lastState: lastTerminated(20 * day) })
        ]
      }),
      ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>']
    ],
    [
      'scheduling gates',
      pod('test15', { containers: containers(2) }, { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
      ['test15', '0/2', 'SchedulingGated', '0', '<unknown>']
    ]
  ])('%s', (_name, p, expected) => {
    expect(narrowRow(podColumns, p)).toEqual(expected)
  })

  // TestPrintPodWithRestartableInitContainer
  it.each<[string, Pod, unknown[]]>([
    [
      'two sidecars, the first running but not started',
      pod('test1', { initContainers: [always('restartable-init-1'), always('restartable-init-2')], containers: containers(1) }, {
        phase: 'Pending',
        initContainerStatuses: [
          cs({ name: 'restartable-init-1', restartCount: 3, state: running, started: false, lastState: lastTerminated(10 * second) }),
          cs({ name: 'restartable-init-2', state: { waiting: {} }, started: false })
        ],
        containerStatuses: [cs({ state: { waiting: {} } })],
        conditions: [{ type: 'Initialized', status: 'False' }]
      }),
      ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>']
    ],
    [
      'two sidecars, the first started and the second running but not started',
      pod('test1', { initContainers: [always('restartable-init-1'), always('restartable-init-2')], containers: containers(1) }, {
        phase: 'Pending',
        initContainerStatuses: [
          cs({ name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastTerminated(10 * second) }),
          cs({ name: 'restartable-init-2', state: running, started: false })
        ],
        containerStatuses: [cs({ state: { waiting: {} } })],
        conditions: [{ type: 'Initialized', status: 'False' }]
      }),
      ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>']
    ],
    [
      'two sidecars started and one container running',
      pod('test2', { initContainers: [always('restartable-init-1'), always('restartable-init-2')], containers: containers(1) }, {
        phase: 'Running',
        initContainerStatuses: [
          cs({ name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastTerminated(10 * second) }),
          cs({ name: 'restartable-init-2', state: running, started: true })
        ],
        containerStatuses: [cs({ ready: true, restartCount: 4, state: running, lastState: lastTerminated(20 * second) })],
        conditions: [{ type: 'Initialized', status: 'True' }]
      }),
      ['test2', '1/3', 'Running', '7 (10s ago)', '<unknown>']
    ],
    [
      'two sidecars failed and the container completed',
      pod('test3', { initContainers: [always('restartable-init-1'), always('restartable-init-2')], containers: containers(1) }, {
        phase: 'Succeeded',
        initContainerStatuses: [
          cs({ name: 'restartable-init-1', restartCount: 3, state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false, lastState: lastTerminated(10 * second) }),
          cs({ name: 'restartable-init-2', state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false })
        ],
        containerStatuses: [cs({ restartCount: 4, state: { terminated: { reason: 'Completed', exitCode: 0 } }, lastState: lastTerminated(20 * second) })],
        conditions: [{ type: 'Initialized', status: 'True' }]
      }),
      ['test3', '0/3', 'Completed', '7 (10s ago)', '<unknown>']
    ],
    [
      'statuses of containers the spec does not have',
      pod('test4', {
        initContainers: [{ name: 'init1', image: 'initimage' }, { name: 'sidecar1', image: 'sidecarimage', restartPolicy: 'Always' }],
        containers: [{ name: 'container1', image: 'containerimage' }]
      }, {
        phase: 'Running',
        initContainerStatuses: [cs({ name: 'initinvalid' }), cs({ name: 'init1' }), cs({ name: 'sidecar1' })],
        containerStatuses: [cs({ name: 'containerinvalid' }), cs({ name: 'container1' })]
      }),
      ['test4', '0/2', 'Init:0/2', '0', '<unknown>']
    ]
  ])('sidecars: %s', (_name, p, expected) => {
    expect(narrowRow(podColumns, p)).toEqual(expected)
  })

  // TestPrintPodwide
  it.each<[string, Pod, unknown[]]>([
    [
      'node, IP, nominated node and readiness gates',
      pod('test1', {
        containers: containers(2),
        nodeName: 'test1',
        readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }]
      }, {
        conditions: [{ type: 'condition1', status: 'False' }, { type: 'condition2', status: 'True' }],
        phase: 'podPhase',
        podIPs: [{ ip: '1.1.1.1' }],
        containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })],
        nominatedNodeName: 'node1'
      }),
      ['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']
    ],
    [
      'the first of two IPs',
      pod('test1', {
        containers: containers(2),
        nodeName: 'test1',
        readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }]
      }, {
        conditions: [{ type: 'condition1', status: 'False' }, { type: 'condition2', status: 'True' }],
        phase: 'podPhase',
        podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }],
        containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })],
        nominatedNodeName: 'node1'
      }),
      ['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']
    ],
    [
      'nothing yet',
      pod('test2', { containers: containers(2), nodeName: '' }, {
        phase: 'podPhase',
        containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 })]
      }),
      ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>', '<none>', '<none>', '<none>', '<none>']
    ],
    [
      'the older podIP field alone',
      pod('web', { containers: containers(1), nodeName: 'node-1' }, { phase: 'Pending', podIP: '10.244.1.5' }, { creationTimestamp: ago(45 * second) }),
      ['web', '0/1', 'Pending', '0', '45s', '10.244.1.5', 'node-1', '<none>', '<none>']
    ]
  ])('wide: %s', (_name, p, expected) => {
    expect(row(podColumns, p)).toEqual(expected)
  })

  // TestPrintPodConditions, TestPrintNonTerminatedPod
  it.each([
    ['Running', ['1/2', 'Running', '6']],
    ['Pending', ['1/2', 'Pending', '6']],
    ['Unknown', ['1/2', 'Unknown', '6']],
    ['Succeeded', ['1/2', 'Succeeded', '6']],
    ['Failed', ['1/2', 'Failed', '6']]
  ])('phase %s prints as it is', (phase, expected) => {
    const p = pod('test1', { containers: containers(2) }, { phase, containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })] })
    expect(narrowRow(podColumns, p).slice(1, 4)).toEqual(expected)
  })

  // Further rules of printPod.
  it.each<[string, Pod, unknown[]]>([
    [
      'Terminating while being deleted',
      pod('web', { containers: containers(1) }, { phase: 'Running', containerStatuses: [cs({ ready: true, state: running })] }, { deletionTimestamp: ago(0) }),
      ['1/1', 'Terminating', '0']
    ],
    [
      'Unknown when deleted from a lost node',
      pod('web', { containers: containers(1) }, { phase: 'Running', reason: 'NodeLost', containerStatuses: [cs({ ready: true, state: running })] }, { deletionTimestamp: ago(0) }),
      ['1/1', 'Unknown', '0']
    ],
    [
      'the NodeLost reason while not deleted',
      pod('web', { containers: containers(1) }, { phase: 'Running', reason: 'NodeLost', containerStatuses: [cs({ ready: true, state: running })] }),
      ['1/1', 'NodeLost', '0']
    ],
    [
      'a finished pod being deleted keeps its status',
      pod('job', { containers: containers(1) }, { phase: 'Succeeded', containerStatuses: [cs({ state: { terminated: { exitCode: 0, reason: 'Completed' } } })] }, { deletionTimestamp: ago(0) }),
      ['0/1', 'Completed', '0']
    ],
    [
      'CrashLoopBackOff',
      pod('web', { containers: containers(1) }, {
        phase: 'Running',
        containerStatuses: [cs({ restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * minute) } } })]
      }),
      ['0/1', 'CrashLoopBackOff', '5 (5m ago)']
    ],
    [
      'a container killed by a signal, without a reason',
      pod('web', { containers: containers(1) }, { phase: 'Running', containerStatuses: [cs({ state: { terminated: { exitCode: 137, signal: 9 } } })] }),
      ['0/1', 'Signal:9', '0']
    ],
    [
      'a container that exited, without a reason',
      pod('web', { containers: containers(1) }, { phase: 'Running', containerStatuses: [cs({ state: { terminated: { exitCode: 2 } } })] }),
      ['0/1', 'ExitCode:2', '0']
    ],
    [
      'an init container in CrashLoopBackOff',
      pod('web', { initContainers: containers(1), containers: containers(1) }, {
        phase: 'Pending',
        initContainerStatuses: [cs({ restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: lastTerminated(30 * second) })],
        containerStatuses: [cs({ state: { waiting: { reason: 'PodInitializing' } } })]
      }),
      ['0/1', 'Init:CrashLoopBackOff', '2 (30s ago)']
    ],
    [
      'an init container that failed with a reason',
      pod('web', { initContainers: containers(1), containers: containers(1) }, { phase: 'Pending', initContainerStatuses: [cs({ state: { terminated: { exitCode: 1, reason: 'Error' } } })] }),
      ['0/1', 'Init:Error', '0']
    ],
    [
      'an init container that failed without a reason',
      pod('web', { initContainers: containers(1), containers: containers(1) }, { phase: 'Pending', initContainerStatuses: [cs({ state: { terminated: { exitCode: 3 } } })] }),
      ['0/1', 'Init:ExitCode:3', '0']
    ],
    [
      'an init container killed by a signal',
      pod('web', { initContainers: containers(1), containers: containers(1) }, { phase: 'Pending', initContainerStatuses: [cs({ state: { terminated: { exitCode: 143, signal: 15 } } })] }),
      ['0/1', 'Init:Signal:15', '0']
    ],
    [
      'an init container waiting as PodInitializing counts as pending',
      pod('web', { initContainers: containers(2), containers: containers(1) }, { phase: 'Pending', initContainerStatuses: [cs({ state: { waiting: { reason: 'PodInitializing' } } })] }),
      ['0/1', 'Init:0/2', '0']
    ],
    [
      'a pod with no status yet',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new' }, spec: { containers: containers(3) } },
      ['0/3', '', '0']
    ]
  ])('%s', (_name, p, expected) => {
    expect(narrowRow(podColumns, p).slice(1, 4)).toEqual(expected)
  })
})
