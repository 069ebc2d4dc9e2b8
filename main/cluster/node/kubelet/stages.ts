import type { ContainerState, PodState } from './runtime-state'

/**
 * The pod lifecycle as data, after KWOK's stages: each stage names the state
 * it applies to, a condition, a delay, the events it emits and the state it
 * leads to. The engine (pod-worker.ts) runs whichever stage matches;
 * conditions, delays and effects are named here and defined in stage-logic.ts,
 * so new behaviour is a row in a table plus a golden test.
 *
 * Lanes say what may run at once, as the kubelet's SyncPod does it:
 * - `pod`: the sandbox and termination, one step at a time;
 * - `startup`: pulling, creating and starting containers, one container at a
 *   time in spec order (init containers first, each run to completion);
 * - `running`: per container, things that happen to a running or exited
 *   container (readiness, exits, restarts), each counted from when the
 *   container entered its state.
 * Of the stages that match in a lane, the one due first runs; ties go to
 * table order.
 */

/** A condition on the pod (stage-logic.ts podGuards). */
export type PodGuard = 'deleting' | 'networkReady' | 'networkNotReady' | 'volumesMissing' | 'ipAvailable' | 'ipExhausted' | 'finished'

/** A condition on one container (stage-logic.ts containerGuards). */
export type ContainerGuard =
  | 'mustPull'
  | 'configValid'
  | 'configInvalid'
  | 'imagePresent'
  | 'cannotPull'
  | 'awaitingStartup'
  | 'awaitingReadiness'
  | 'runsToCompletion'
  | 'crashes'
  | 'oomKills'
  | 'restartNow'
  | 'mustBackOff'

/** A delay, resolved from the timings and the pod's annotations (stage-logic.ts delays). */
export type DelayName = 'sandbox' | 'sandboxRetry' | 'pull' | 'create' | 'start' | 'startupProbe' | 'readiness' | 'configRetry' | 'mountRetry' | 'initRun' | 'crashAfter' | 'oomAfter' | 'backOff' | 'stop'

/** What a stage does besides changing state (stage-logic.ts effects). */
export type EffectName =
  | 'admit'
  | 'createSandbox'
  | 'teardownSandbox'
  | 'stopContainers'
  | 'removePod'
  | 'storeImage'
  | 'noteConfigError'
  | 'countMountFailure'
  | 'startInstance'
  | 'markStarted'
  | 'markReady'
  | 'exitCompleted'
  | 'exitCrashed'
  | 'exitOOMKilled'
  | 'countRestart'

/**
 * An event, with placeholders the engine fills: {image} (as the spec names
 * it), {container}, {pullTime}, {imageSize}, {pod} (`name_namespace(uid)`), {configError} (why the container's environment cannot be built), {mountFailure} (the volume that cannot be set up, and why),
 * {ipRange}, {sandbox} (the sandbox being created).
 */
export interface EventTemplate {
  /** The event type. */
  type: 'Normal' | 'Warning'
  /** The event reason (`Pulling`). */
  reason: string
  /** The message, with placeholders. */
  message: string
  /** Pod stages: one event per running container, with {container} set. */
  each?: 'runningContainer'
}

/** One row of a stage table. */
export interface Stage<S extends string, G extends string> {
  /** Names the stage in tests and logs. */
  name: string
  /** Which lane runs it (see above). */
  lane: 'pod' | 'startup' | 'running'
  /** The states the stage applies to. */
  from: readonly S[]
  /** A further condition. */
  when?: G
  /** How long the stage takes: a named delay or ms. */
  delay: DelayName | number
  /** Events when the stage starts (e.g. Pulling). */
  begin?: readonly EventTemplate[]
  /** Events when it completes. */
  end?: readonly EventTemplate[]
  /** The state afterwards. */
  to: S
  /** What else happens when the stage completes. */
  effect?: EffectName
  /**
   * Whether the stage's timer may drive an instant clock: background timers
   * never pull time forward. 'afterRestarts': foreground for a container's
   * first few restarts (a pod stage: its first few mount retries), background after, so a crash loop shows its back-off
   * in tests yet cannot spin an idle cluster forever.
   */
  background?: true | 'afterRestarts'
}

/** A stage of the pod itself. */
export type PodStage = Stage<PodState, PodGuard>
/** A stage of one container. */
export type ContainerStage = Stage<ContainerState, ContainerGuard>

/** Kubernetes' event texts (pkg/kubelet/events and the callers), v1.32. */
export const kubeletEvents = {
  pulling: { type: 'Normal', reason: 'Pulling', message: 'Pulling image "{image}"' },
  pulled: { type: 'Normal', reason: 'Pulled', message: 'Successfully pulled image "{image}" in {pullTime} ({pullTime} including waiting). Image size: {imageSize} bytes.' },
  alreadyPresent: { type: 'Normal', reason: 'Pulled', message: 'Container image "{image}" already present on machine' },
  neverPull: { type: 'Warning', reason: 'ErrImageNeverPull', message: 'Container image "{image}" is not present with pull policy of Never' },
  created: { type: 'Normal', reason: 'Created', message: 'Created container: {container}' },
  configError: { type: 'Warning', reason: 'Failed', message: 'Error: {configError}' },
  started: { type: 'Normal', reason: 'Started', message: 'Started container {container}' },
  killing: { type: 'Normal', reason: 'Killing', message: 'Stopping container {container}', each: 'runningContainer' },
  backOff: { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container {container} in pod {pod}' },
  networkNotReady: {
    type: 'Warning',
    reason: 'NetworkNotReady',
    message: 'network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'
  },
  sandboxFailed: {
    type: 'Warning',
    reason: 'FailedCreatePodSandBox',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "{sandbox}": plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: {ipRange}'
  },
  sandboxChanged: { type: 'Normal', reason: 'SandboxChanged', message: 'Pod sandbox changed, it will be killed and re-created.' },
  failedMount: { type: 'Warning', reason: 'FailedMount', message: '{mountFailure}' }
} as const satisfies Record<string, EventTemplate>

/** The pod's own steps: admission, the sandbox, termination. */
export const podStages: readonly PodStage[] = [
  { name: 'admit', lane: 'pod', from: ['new'], delay: 0, to: 'admitted', effect: 'admit' },
  { name: 'kill', lane: 'pod', from: ['admitted', 'networkWait', 'mountWait', 'sandboxFailed', 'running'], when: 'deleting', delay: 0, begin: [kubeletEvents.killing], to: 'stopping' },
  { name: 'stop', lane: 'pod', from: ['stopping'], delay: 'stop', to: 'stopped', effect: 'stopContainers' },
  { name: 'remove', lane: 'pod', from: ['stopped'], when: 'deleting', delay: 0, to: 'removed', effect: 'removePod' },
  { name: 'network-not-ready', lane: 'pod', from: ['admitted'], when: 'networkNotReady', delay: 0, end: [kubeletEvents.networkNotReady], to: 'networkWait' },
  { name: 'network-ready', lane: 'pod', from: ['networkWait'], when: 'networkReady', delay: 0, to: 'admitted' },
  { name: 'mount-failed', lane: 'pod', from: ['admitted'], when: 'volumesMissing', delay: 0, end: [kubeletEvents.failedMount], to: 'mountWait', effect: 'countMountFailure' },
  { name: 'mount-retry', lane: 'pod', from: ['mountWait'], delay: 'mountRetry', to: 'admitted', background: 'afterRestarts' },
  { name: 'sandbox', lane: 'pod', from: ['admitted'], when: 'ipAvailable', delay: 'sandbox', to: 'running', effect: 'createSandbox' },
  { name: 'sandbox-failed', lane: 'pod', from: ['admitted'], when: 'ipExhausted', delay: 'sandbox', end: [kubeletEvents.sandboxFailed], to: 'sandboxFailed' },
  { name: 'sandbox-retry', lane: 'pod', from: ['sandboxFailed'], delay: 'sandboxRetry', to: 'admitted', background: true },
  { name: 'finish', lane: 'pod', from: ['running'], when: 'finished', delay: 0, to: 'stopped', effect: 'teardownSandbox' }
]

/** Each container's steps, from its image to its exit and restarts. */
export const containerStages: readonly ContainerStage[] = [
  { name: 'pull', lane: 'startup', from: ['waiting'], when: 'mustPull', delay: 'pull', begin: [kubeletEvents.pulling], end: [kubeletEvents.pulled], to: 'pulled', effect: 'storeImage' },
  { name: 'image-present', lane: 'startup', from: ['waiting'], when: 'imagePresent', delay: 0, end: [kubeletEvents.alreadyPresent], to: 'pulled' },
  { name: 'never-pull', lane: 'startup', from: ['waiting'], when: 'cannotPull', delay: 0, end: [kubeletEvents.neverPull], to: 'imageNeverPull' },
  { name: 'config-error', lane: 'startup', from: ['pulled'], when: 'configInvalid', delay: 0, end: [kubeletEvents.configError], to: 'configError', effect: 'noteConfigError' },
  { name: 'config-retry', lane: 'startup', from: ['configError'], delay: 'configRetry', to: 'pulled', background: true },
  { name: 'create', lane: 'startup', from: ['pulled'], when: 'configValid', delay: 'create', end: [kubeletEvents.created], to: 'created' },
  { name: 'start', lane: 'startup', from: ['created'], delay: 'start', end: [kubeletEvents.started], to: 'running', effect: 'startInstance' },
  { name: 'startup-probe', lane: 'running', from: ['running'], when: 'awaitingStartup', delay: 'startupProbe', to: 'running', effect: 'markStarted' },
  { name: 'readiness', lane: 'running', from: ['running'], when: 'awaitingReadiness', delay: 'readiness', to: 'running', effect: 'markReady' },
  { name: 'complete', lane: 'running', from: ['running'], when: 'runsToCompletion', delay: 'initRun', to: 'exited', effect: 'exitCompleted' },
  { name: 'oom-kill', lane: 'running', from: ['running'], when: 'oomKills', delay: 'oomAfter', to: 'exited', effect: 'exitOOMKilled', background: 'afterRestarts' },
  { name: 'crash', lane: 'running', from: ['running'], when: 'crashes', delay: 'crashAfter', to: 'exited', effect: 'exitCrashed', background: 'afterRestarts' },
  { name: 'restart', lane: 'running', from: ['exited'], when: 'restartNow', delay: 0, to: 'waiting', effect: 'countRestart' },
  { name: 'back-off', lane: 'running', from: ['exited'], when: 'mustBackOff', delay: 0, end: [kubeletEvents.backOff], to: 'backoff' },
  { name: 'back-off-over', lane: 'running', from: ['backoff'], delay: 'backOff', to: 'waiting', effect: 'countRestart', background: 'afterRestarts' }
]
