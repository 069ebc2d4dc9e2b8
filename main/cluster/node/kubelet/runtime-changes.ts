import type { Container, Pod } from 'kubernetes-types/core/v1'
import type { PodHost } from './pod-host'
import { allContainers, containerFieldPath, freshContainer, type PodRuntime } from './runtime-state'
import { specOf } from './stage-logic'
import { kubeletEvents } from './stages'

/**
 * What happens to a pod's runtime from outside its stages: the node
 * rebooted, a container's image was edited, ephemeral containers were added.
 * The pod worker applies these, then plans again.
 */

/**
 * The node rebooted, so the pod's containers and sandbox are gone: init
 * containers run again, exited containers restart per restartPolicy without
 * back-off (that memory was lost too), and the pod waits for a new sandbox
 * (and IP), as after a real node reboot.
 */
export function rebootRuntime(key: string, pod: Pod, rt: PodRuntime, host: PodHost): void {
  if (rt.state === 'new' || rt.state === 'stopped' || rt.state === 'removed') return
  const now = host.clock.now()
  if (rt.sandboxes > 0) host.event(pod, kubeletEvents.sandboxChanged.type, kubeletEvents.sandboxChanged.reason, kubeletEvents.sandboxChanged.message)
  host.releaseIP(key)
  for (const c of allContainers(rt)) {
    if (c.state === 'running') {
      c.terminated = { exitCode: 255, reason: 'Unknown', containerID: c.containerID ?? '', startedAt: c.startedAt ?? now, finishedAt: now }
      c.state = 'exited'
    }
    if (c.state === 'backoff') c.state = 'exited'
    c.started = false
    c.ready = false
    c.backOff = undefined
    c.since = now
    if ((c.kind === 'init' || c.kind === 'sidecar') && c.state === 'exited' && c.terminated?.exitCode === 0) c.state = 'waiting'
  }
  rt.state = 'admitted'
  rt.since = now
}

/**
 * A running (or backing-off) container whose image was edited is killed and
 * started again with the new one, at once and without back-off, as the
 * kubelet does when a container's spec hash changes.
 */
export function restartChangedContainers(pod: Pod, rt: PodRuntime, host: PodHost): void {
  if (pod.metadata?.deletionTimestamp || rt.state !== 'running') return
  const now = host.clock.now()
  for (const c of [...rt.init.filter((x) => x.kind === 'sidecar'), ...rt.containers]) {
    const image = specOf(pod, c)?.image
    if (!image || image === c.image || (c.state !== 'running' && c.state !== 'backoff')) continue
    if (c.state === 'running') {
      host.event(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, containerFieldPath(c))
      c.terminated = { exitCode: 0, reason: 'Completed', containerID: c.containerID ?? '', startedAt: c.startedAt ?? now, finishedAt: now }
    }
    c.state = 'waiting'
    c.since = now
    c.started = false
    c.ready = false
  }
}

/** Ephemeral containers added to the pod (pods/ephemeralcontainers) join the runtime, to be pulled, created and started. */
export function addEphemeralContainers(pod: Pod, rt: PodRuntime, now: number): void {
  const added = pod.spec?.ephemeralContainers
  if (!added?.length) return
  const known = new Set(rt.ephemeral.map((c) => c.name))
  for (const c of added) {
    if (!known.has(c.name)) rt.ephemeral.push(freshContainer(c as Container, 'ephemeral', now))
  }
}
