import type { Pod } from 'kubernetes-types/core/v1'
import type { ContainerRuntime, PodRuntime } from './runtime-state'

/**
 * The pod phase as the kubelet's getPhase computes it from its containers:
 * Pending until init containers are done and every app container has run,
 * Running while any runs (or will restart), Succeeded or Failed once all have
 * exited for good. A pod being deleted whose containers all stopped is
 * terminal whatever its restartPolicy.
 */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed'

/** An init container that finished (exit 0), or a sidecar that has started. */
export function initDone(c: ContainerRuntime): boolean {
  if (c.kind === 'sidecar') return c.state === 'running' && c.started
  return c.state === 'exited' && c.terminated?.exitCode === 0
}

/** Whether a container that exited runs again under the pod's restartPolicy. */
export function restartsAfterExit(pod: Pod, c: ContainerRuntime): boolean {
  const policy = pod.spec?.restartPolicy ?? 'Always'
  const code = c.terminated?.exitCode ?? 0
  if (c.kind === 'sidecar') return true
  // An ephemeral container is never restarted.
  if (c.kind === 'ephemeral') return false
  if (c.kind === 'init') return code !== 0 && policy !== 'Never'
  if (policy === 'Always') return true
  return policy === 'OnFailure' && code !== 0
}

/** The phase of a pod whose runtime is rt (getPhase). */
export function podPhase(pod: Pod, rt: PodRuntime): PodPhase {
  const policy = pod.spec?.restartPolicy ?? 'Always'
  const stopping = rt.state === 'stopped' && !!pod.metadata?.deletionTimestamp
  let pendingInit = 0
  let failedInit = 0
  for (const c of rt.init) {
    if (initDone(c)) continue
    if (c.kind === 'init' && c.state === 'exited' && c.terminated && c.terminated.exitCode !== 0) failedInit++
    else pendingInit++
  }
  if (failedInit && policy === 'Never') return 'Failed'
  let running = 0
  let stopped = 0
  let succeeded = 0
  let waiting = 0
  for (const c of rt.containers) {
    if (c.state === 'running') running++
    else if (c.terminated) {
      // Exited, backing off or restarting: the status shows the exit.
      stopped++
      if (c.state === 'exited' && c.terminated.exitCode === 0) succeeded++
    } else waiting++
  }
  if (stopping && running === 0) return stopped > 0 && stopped === succeeded && waiting === 0 ? 'Succeeded' : 'Failed'
  if (pendingInit || failedInit) return 'Pending'
  if (waiting > 0) return 'Pending'
  if (running > 0) return 'Running'
  if (stopped > 0) {
    if (policy === 'Always') return 'Running'
    if (stopped === succeeded) return 'Succeeded'
    if (policy === 'Never') return 'Failed'
    return 'Running'
  }
  return 'Pending'
}
