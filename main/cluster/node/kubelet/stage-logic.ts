import type { Container, Pod } from 'kubernetes-types/core/v1'
import { oomKillAfterMs, serverPorts, usageModel } from '../behaviour'
import { backOffRemaining, nextBackOff } from './backoff'
import { isProbed } from './probes/pod-probes'
import { goDuration } from './go-duration'
import { sha256Hex } from './ids'
import { imageSizeBytes, pullDurationMs } from './images'
import type { PodHost } from './pod-host'
import { podPhase, restartsAfterExit } from './pod-phase'
import { allContainers, containerFieldPath, type ContainerRuntime, type PodRuntime, type Termination } from './runtime-state'
import { exitCodeOf, secondsAnnotationMs, simAnnotations } from '../../sim-annotations'
import type { ContainerGuard, DelayName, EffectName, EventTemplate, PodGuard } from './stages'

/**
 * What the names in the stage tables mean: conditions, delays and effects.
 * Each is a small function of the pod, its runtime and the node (the host).
 */

/** Everything a stage function may look at. */
export interface StageScope {
  /** The worker key: the pod's uid (a static pod's hash). */
  key: string
  /** The pod as last seen. */
  pod: Pod
  /** Its runtime state. */
  rt: PodRuntime
  /** The node. */
  host: PodHost
  /** Cluster time, ms. */
  now: number
}

/** The spec of a runtime container. */
export function specOf(pod: Pod, c: ContainerRuntime): Container | undefined {
  const list = c.kind === 'app' ? pod.spec?.containers : c.kind === 'ephemeral' ? (pod.spec?.ephemeralContainers as Container[] | undefined) : pod.spec?.initContainers
  return list?.find((s) => s.name === c.name)
}

/** Whether the container becomes ready while it runs: app containers and sidecars (an init container once it completes; an ephemeral one never). */
function readies(c: ContainerRuntime): boolean {
  return c.kind === 'app' || c.kind === 'sidecar'
}

/** `web-0_default(uid)`, as the kubelet's format.Pod writes a pod. */
export function formatPod(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`
}

/** The waiting message of a container in CrashLoopBackOff. */
export function backOffMessage(pod: Pod, c: ContainerRuntime): string {
  return `back-off ${goDuration(c.backOff?.delayMs ?? 0)} restarting failed container=${c.name} pod=${formatPod(pod)}`
}

const deleting = (s: StageScope): boolean => !!s.pod.metadata?.deletionTimestamp
const mountFailureOf = (s: StageScope): string | undefined => s.host.mountFailure?.(s.key, s.pod)
const hostNetwork = (s: StageScope): boolean => !!s.pod.spec?.hostNetwork
const networkReady = (s: StageScope): boolean => hostNetwork(s) || s.host.networkReady()

/** What each pod condition of the stage table means. */
export const podGuards: Record<PodGuard, (s: StageScope) => boolean> = {
  deleting,
  networkReady: (s) => networkReady(s),
  networkNotReady: (s) => !deleting(s) && !networkReady(s),
  // The kubelet waits for the pod's volumes before it creates the sandbox (WaitForAttachAndMount).
  volumesMissing: (s) => !deleting(s) && networkReady(s) && mountFailureOf(s) !== undefined,
  ipAvailable: (s) => !deleting(s) && networkReady(s) && mountFailureOf(s) === undefined && (hostNetwork(s) || s.host.canAllocateIP(s.key)),
  ipExhausted: (s) => !deleting(s) && networkReady(s) && mountFailureOf(s) === undefined && !hostNetwork(s) && !s.host.canAllocateIP(s.key),
  finished: (s) => {
    const phase = podPhase(s.pod, s.rt)
    return phase === 'Succeeded' || phase === 'Failed'
  }
}

function pullPolicy(s: StageScope, c: ContainerRuntime): string {
  return specOf(s.pod, c)?.imagePullPolicy ?? 'IfNotPresent'
}

function image(s: StageScope, c: ContainerRuntime): string {
  return specOf(s.pod, c)?.image ?? c.image
}

function readinessDelayMs(s: StageScope, c: ContainerRuntime): number {
  const annotated = secondsAnnotationMs(s.pod.metadata, simAnnotations.readinessDelay)
  if (annotated !== undefined) return annotated
  const probe = specOf(s.pod, c)?.readinessProbe
  return probe ? (probe.initialDelaySeconds ?? 0) * 1000 : 0
}

/** When the container's memory passes its limit, counted from its start (behaviour model). */
function oomAfter(s: StageScope, c: ContainerRuntime): number | undefined {
  const spec = specOf(s.pod, c)
  return spec ? oomKillAfterMs(s.pod, spec, c.kind === 'app') : undefined
}

/** The pod's uid (a static pod's is its config hash), as the world knows its processes. */
function podUID(s: StageScope): string {
  return s.pod.metadata?.uid ?? s.key
}

function configErrorOf(s: StageScope, c: ContainerRuntime): string | undefined {
  return s.host.containerConfigError?.(s.key, s.pod, c.name)
}

function restartWaitMs(s: StageScope, c: ContainerRuntime): number {
  return c.terminated ? backOffRemaining(c.backOff, c.terminated.finishedAt, s.now) : 0
}

/** What each container condition of the stage table means. */
export const containerGuards: Record<ContainerGuard, (s: StageScope, c: ContainerRuntime) => boolean> = {
  configValid: (s, c) => configErrorOf(s, c) === undefined,
  configInvalid: (s, c) => configErrorOf(s, c) !== undefined,
  mustPull: (s, c) => pullPolicy(s, c) === 'Always' || (pullPolicy(s, c) === 'IfNotPresent' && !s.host.images.has(image(s, c))),
  imagePresent: (s, c) => pullPolicy(s, c) !== 'Always' && s.host.images.has(image(s, c)),
  cannotPull: (s, c) => pullPolicy(s, c) === 'Never' && !s.host.images.has(image(s, c)),
  // With the world to look at, the prober (probes/) runs startup and readiness probes instead of these delays.
  awaitingStartup: (s, c) => !c.started && !isProbed(s.host, specOf(s.pod, c), 'startup'),
  awaitingReadiness: (s, c) => readies(c) && c.started && !c.ready && !isProbed(s.host, specOf(s.pod, c), 'readiness'),
  runsToCompletion: (_s, c) => c.kind === 'init',
  crashes: (s, c) => c.kind === 'app' && secondsAnnotationMs(s.pod.metadata, simAnnotations.crashAfter) !== undefined,
  oomKills: (s, c) => oomAfter(s, c) !== undefined,
  restartNow: (s, c) => restartsAfterExit(s.pod, c) && restartWaitMs(s, c) === 0,
  mustBackOff: (s, c) => restartsAfterExit(s.pod, c) && restartWaitMs(s, c) > 0
}

/** Resolves a delay name for the pod (and container, for container stages), in ms. */
export function resolveDelay(name: DelayName | number, s: StageScope, c?: ContainerRuntime): number {
  if (typeof name === 'number') return name
  const t = s.host.timings
  switch (name) {
    case 'sandbox':
      return t.sandboxMs
    case 'sandboxRetry':
      return t.sandboxRetryMs
    case 'configRetry':
      return t.configRetryMs
    case 'mountRetry':
      // The volume manager's exponential back-off: 500 ms doubling to 2m2s.
      return Math.min(500 * 2 ** Math.max(0, s.rt.mountFailures - 1), 122_000)
    case 'pull':
      return pullDurationMs(image(s, c!), t.pullMinMs, t.pullMaxMs)
    case 'create':
      return t.createMs
    case 'start':
      return secondsAnnotationMs(s.pod.metadata, simAnnotations.startupDelay) ?? t.startMs
    case 'startupProbe':
      return (specOf(s.pod, c!)?.startupProbe?.initialDelaySeconds ?? 0) * 1000
    case 'readiness':
      return readinessDelayMs(s, c!)
    case 'initRun':
      return t.initRunMs
    case 'crashAfter':
      return secondsAnnotationMs(s.pod.metadata, simAnnotations.crashAfter) ?? 0
    case 'oomAfter':
      return oomAfter(s, c!) ?? 0
    case 'backOff':
      // Counted from when the container entered back-off, like every running-lane delay.
      return c?.terminated ? Math.max(0, c.terminated.finishedAt + (c.backOff?.delayMs ?? 0) - c.since) : 0
    case 'stop':
      return Math.min(graceMs(s.pod), t.stopMs)
  }
}

/** The grace period the pod is being deleted with, in ms. */
export function graceMs(pod: Pod): number {
  return (pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000
}

function terminate(s: StageScope, c: ContainerRuntime, exitCode: number, now: number, reason?: string): void {
  s.host.world?.processes.stopped(podUID(s), c.name)
  const t: Termination = {
    exitCode,
    reason: reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
    containerID: c.containerID ?? '',
    startedAt: c.startedAt ?? now,
    finishedAt: now
  }
  c.terminated = t
  c.started = false
  c.ready = c.kind === 'init' && exitCode === 0
  c.state = 'exited'
  c.since = now
}

/** The container's main process exited with `exitCode` (Completed for 0, Error otherwise). */
export function exitContainer(s: StageScope, c: ContainerRuntime, exitCode: number): void {
  terminate(s, c, exitCode, s.now)
}

/** A liveness or startup probe failed: the kubelet kills the container, which restarts per restartPolicy. */
export function killForFailedProbe(s: StageScope, c: ContainerRuntime, probe: 'liveness' | 'startup'): void {
  s.host.event(s.pod, 'Normal', 'Killing', `Container ${c.name} failed ${probe} probe, will be restarted`, containerFieldPath(c))
  // SIGTERM, as for a deletion: the process exits within the grace period or is SIGKILLed (137).
  terminate(s, c, graceMs(s.pod) >= s.host.timings.stopMs ? 0 : 137, s.now)
}

/** Runs an effect. */
export function applyEffect(effect: EffectName, s: StageScope, c: ContainerRuntime | undefined): void {
  const { rt, host, now, pod } = s
  switch (effect) {
    case 'admit':
      rt.startTime = now
      return
    case 'createSandbox':
      rt.sandboxes++
      rt.sandboxID = sha256Hex('sandbox', s.key, String(rt.sandboxes))
      rt.podIP = hostNetwork(s) ? host.hostIP() : host.allocateIP(s.key)
      return
    case 'teardownSandbox':
      host.releaseIP(s.key)
      return
    case 'stopContainers': {
      // SIGTERM is enough when the grace period outlasts the stop; otherwise SIGKILL (137).
      const code = graceMs(pod) >= host.timings.stopMs ? 0 : 137
      for (const x of allContainers(rt)) if (x.state === 'running') terminate(s, x, code, now)
      host.releaseIP(s.key)
      return
    }
    case 'removePod':
      host.removed(s.key)
      return
    case 'storeImage':
      host.images.add(image(s, c!))
      return
    case 'countMountFailure':
      rt.mountFailures++
      return
    case 'noteConfigError':
      c!.configError = configErrorOf(s, c!)
      return
    case 'startInstance': {
      const x = c!
      if (x.terminated) x.lastTerminated = x.terminated
      x.terminated = undefined
      x.instances++
      x.image = image(s, x)
      x.containerID = `containerd://${sha256Hex('container', s.key, x.name, String(x.instances), String(rt.sandboxes))}`
      x.startedAt = now
      const spec = specOf(pod, x)
      if (spec) {
        host.world?.processes.run(podUID(s), x.name, usageModel(pod, spec, x.kind === 'app', now))
        host.world?.processes.serves(podUID(s), x.name, serverPorts(spec))
      }
      x.started = !specOf(pod, x)?.startupProbe
      // An init container is ready once it has completed, never while it runs.
      x.ready = readies(x) && x.started && !isProbed(host, spec, 'readiness') && readinessDelayMs(s, x) === 0
      return
    }
    case 'markStarted':
      c!.started = true
      c!.ready = readies(c!) && !isProbed(host, specOf(pod, c!), 'readiness') && now >= c!.since + readinessDelayMs(s, c!)
      return
    case 'markReady':
      c!.ready = true
      return
    case 'exitCompleted':
      terminate(s, c!, 0, now)
      return
    case 'exitCrashed':
      terminate(s, c!, exitCodeOf(pod.metadata), now)
      return
    case 'exitOOMKilled':
      // The kernel's OOM killer sends SIGKILL: 128 + 9.
      terminate(s, c!, 137, now, 'OOMKilled')
      return
    case 'countRestart':
      c!.backOff = nextBackOff(c!.backOff, now)
      return
  }
}

/** One placeholder's value; undefined leaves it as written. Computed only for the placeholders a message has. */
function placeholder(name: string, s: StageScope, c: ContainerRuntime | undefined, delay: number): string | undefined {
  switch (name) {
    case 'pod':
      return formatPod(s.pod)
    case 'ipRange':
      return s.host.ipRange()
    case 'sandbox':
      // The sandbox the stage is about: the one being created, until it exists.
      return s.rt.state === 'running' ? (s.rt.sandboxID ?? '') : sha256Hex('sandbox', s.key, String(s.rt.sandboxes + 1))
    case 'mountFailure':
      return mountFailureOf(s) ?? ''
  }
  if (!c) return undefined
  switch (name) {
    case 'configError':
      return configErrorOf(s, c) ?? ''
    case 'container':
      return c.name
    case 'image':
      return image(s, c)
    case 'pullTime':
      return goDuration(delay)
    case 'imageSize':
      return String(imageSizeBytes(image(s, c)))
  }
  return undefined
}

/** Fills an event template's placeholders. */
export function renderEvent(template: EventTemplate, s: StageScope, c: ContainerRuntime | undefined, delay: number): string {
  if (!template.message.includes('{')) return template.message
  return template.message.replace(/\{(\w+)\}/g, (whole, name: string) => placeholder(name, s, c, delay) ?? whole)
}
