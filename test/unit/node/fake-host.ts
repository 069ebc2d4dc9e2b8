import type { Pod, PodStatus } from 'kubernetes-types/core/v1'
import { createClock } from '../../../main/cluster/clock'
import type { Clock } from '../../../main/cluster/clock/types'
import { HostLocalIPAM } from '../../../main/cluster/node/kubelet/host-local-ipam'
import { NodeImages } from '../../../main/cluster/node/kubelet/images'
import type { PodHost } from '../../../main/cluster/node/kubelet/pod-host'
import type { PodWorker } from '../../../main/cluster/node/kubelet/pod-worker'
import { defaultTimings } from '../../../main/cluster/node/kubelet/timings'

/** 2025-01-01T00:00:00Z: the manual clock's start in the lifecycle tests. */
export const t0 = Date.parse('2025-01-01T00:00:00Z')

/** One line of a pod's recorded life: an event or a status write, at ms after t0. */
export type TimelineEntry = { at: number; event: string } | { at: number; status: PodStatus }

/** A node for one pod worker: a manual clock, a /24, lists of what was reported. */
export class FakeHost implements PodHost {
  readonly clock: Clock = createClock({ mode: 'manual', start: t0 })
  readonly timings = { ...defaultTimings }
  readonly images = new NodeImages()
  readonly ipam = new HostLocalIPAM('10.244.1.0/24')
  readonly timeline: TimelineEntry[] = []
  readonly removedKeys: string[] = []
  network = true
  worker?: PodWorker

  hostIP(): string {
    return '172.18.0.3'
  }
  networkReady(): boolean {
    return this.network
  }
  canAllocateIP(owner: string): boolean {
    if (this.ipam.allocated < this.ipam.capacity) return true
    return this.ipam.get(owner) !== undefined
  }
  allocateIP(owner: string): string | undefined {
    return this.ipam.get(owner)
  }
  releaseIP(owner: string): void {
    this.ipam.put(owner)
  }
  ipRange(): string {
    return this.ipam.rangeSet
  }
  event(_pod: Pod, type: string, reason: string, message: string): void {
    this.timeline.push({ at: this.clock.now() - t0, event: `${type} ${reason}: ${message}` })
  }
  statusChanged(): void {
    this.timeline.push({ at: this.clock.now() - t0, status: structuredClone(this.worker!.status()!) })
  }
  removed(key: string): void {
    this.removedKeys.push(key)
  }

  /** The timeline as short lines: events as they are, statuses summarised. */
  lines(): string[] {
    return this.timeline.map((e) => `${e.at} ${'event' in e ? e.event : summary(e.status)}`)
  }
}

/** `Running ip=10.244.1.2 [PodReadyToStartContainers Initialized Ready ContainersReady PodScheduled] web=running(ready,0)`. */
export function summary(s: PodStatus): string {
  const conditions = (s.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type)
  const containers = [...(s.initContainerStatuses ?? []).map((c) => ({ ...c, name: `init:${c.name}` })), ...(s.containerStatuses ?? [])].map((c) => {
    const state = c.state?.running ? 'running' : c.state?.terminated ? `terminated:${c.state.terminated.reason}:${c.state.terminated.exitCode}` : `waiting:${c.state?.waiting?.reason}`
    return `${c.name}=${state}(${c.ready ? 'ready' : 'unready'},${c.restartCount})`
  })
  return `${s.phase} ip=${s.podIP ?? '-'} [${conditions.join(' ')}] ${containers.join(' ')}`
}

/** A defaulted, bound pod as the API would hand it to the kubelet. */
export function boundPod(name: string, spec: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
    spec: {
      nodeName: 'kubelab-worker',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }],
      ...spec
    } as Pod['spec'],
    status: {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z', lastProbeTime: null as unknown as undefined }]
    }
  }
}
