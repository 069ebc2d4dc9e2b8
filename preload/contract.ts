/**
 * The renderer's whole view of the main process: every call it may make and
 * every event main may push. Types, channel names and the list of watched
 * resources only: preload, main and both transports (Electron IPC, serve
 * mode's WebSocket) are derived from it, so adding a channel is one entry in
 * `Calls` or `Events` plus its name in the channel list, and the compiler
 * checks every end.
 */
import type { ObjectMeta, Status } from 'kubernetes-types/meta/v1'

/** Any Kubernetes object, as the API serves it. */
export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  [field: string]: unknown
}

/** A resource collection, as a URL names it: /apis/<group>/<version>/<resource>. */
export interface Gvr {
  /** '' for the core group. */
  group: string
  version: string
  /** Lower-case plural: `pods`, `deployments`. */
  resource: string
}

/** One served kind, as discovery describes it. */
export interface KindInfo {
  group: string
  version: string
  kind: string
  /** Lower-case plural, as in URLs. */
  plural: string
  namespaced: boolean
  shortNames: string[]
  /** Whether the kind has a scale subresource (objects/scale works on it). */
  scalable: boolean
}

/** The three networks' ranges (see ARCHITECTURE.md). */
export interface NetworkRanges {
  nodeCIDR: string
  podCIDR: string
  serviceCIDR: string
}

/** What the cluster says about itself. */
export interface ClusterInfo {
  name: string
  dataDir: string
  /** The latest storage revision. */
  revision: number
  /** Cluster time, ms since the epoch. */
  now: number
  network: NetworkRanges
  /** The kubeconfig the cluster wrote for kubectl; absent without an API server or data dir. */
  kubeconfigPath?: string
  /** The HTTPS API's address, when it serves one. */
  apiUrl?: string
}

/** The clock as the toolbar shows it. */
export interface ClockState {
  /** Cluster time, ms since the epoch. */
  now: number
  /** 'realtime' follows the wall clock times speed; 'instant' jumps to the next timer; 'manual' moves on step only. */
  mode: 'realtime' | 'instant' | 'manual'
  /** Cluster ms per wall ms (realtime); 1 otherwise. */
  speed: number
  paused: boolean
}

/** The outcome of one document of an apply, in manifest order. */
export type ApplyResult =
  | {
      ok: true
      /** kubectl's words: created, configured or unchanged. */
      action: 'created' | 'configured' | 'unchanged'
      /** The object as stored. */
      object: KubeObject
      gvr: Gvr
      /** What the API warned about the write, as kubectl prints after `Warning: ` (a sim.kubelab.dev knob it cannot read). */
      warnings?: string[]
    }
  | {
      ok: false
      /** 1-based position of the document in the YAML. */
      document: number
      /** For a `kind: List` document, the 0-based index of the failing item in `items`. */
      item?: number
      /** What the document names, as far as it could be read. */
      kind?: string
      name?: string
      /** The API's Status message (or the YAML parser's). */
      message: string
      status?: Status
    }

/** What the node actions do (see nodes/action). */
export type NodeAction = 'power-off' | 'power-on' | 'cordon' | 'uncordon' | 'drain'

/** What a drain did with each pod of the node (`namespace/name`). */
export interface DrainReport {
  evicted: string[]
  /** DaemonSet-managed and mirror pods stay, as with `kubectl drain --ignore-daemonsets`. */
  skipped: { pod: string; reason: string }[]
  /** Evictions refused (a PodDisruptionBudget allows no disruption now): the API's message. */
  failed: { pod: string; message: string }[]
}

/** The patch types kubectl sends (`kubectl patch --type`). */
export type PatchType = 'json' | 'merge' | 'strategic'

/** A packet trace's question (a kubelab.dev/v1alpha1 PacketTrace's spec). */
export interface TraceRequest {
  /** Exactly one: a pod (`namespace/name`), a node's host network, or a client outside the cluster. */
  source: { pod?: string; node?: string; external?: boolean }
  /** An address (IP, DNS name or Service name) or a pod (`namespace/name`), and a port. */
  destination: { address?: string; pod?: string; port?: number }
  protocol?: 'TCP' | 'UDP'
}

/** One hop of a trace: where, on which network, addresses after it, and what decided. */
export interface TraceHop {
  node: string
  device: string
  network: 'Node' | 'Pod' | 'Cluster'
  src: string
  dst: string
  action: string
  rule: string
}

/** The trace engine's answer (the PacketTrace's status). */
export interface TraceResult {
  verdict: 'Delivered' | 'Dropped'
  reason: string
  hops: TraceHop[]
}

/** An object a trace passes through or blames, as the topology draws it. */
export interface TraceObjectRef {
  kind: 'Pod' | 'Node' | 'Service'
  name: string
  namespace?: string
  /** A pod's node: where a crowded canvas draws it. */
  node?: string
}

/** A trace's answer for the UI: the PacketTrace's status, and the objects each hop is at (same order as hops). */
export interface TraceAnswer extends TraceResult {
  places: TraceObjectRef[][]
  /** For a dropped packet: the objects its reason names (the culprit first). */
  culprits: TraceObjectRef[]
}

/** Something a lesson step does for the learner, through the calls above (traces through the trace store). */
export type LessonAction =
  | { type: 'apply'; yaml: string }
  | { type: 'scale'; gvr: Gvr; namespace: string; name: string; replicas: number }
  | { type: 'patch'; gvr: Gvr; namespace?: string; name: string; patchType: PatchType; patch: unknown }
  | { type: 'delete'; gvr: Gvr; namespace?: string; name: string }
  | { type: 'node'; node: string; action: NodeAction }
  | { type: 'clock'; speed?: number; paused?: boolean }
  | { type: 'step-clock'; ms: number }
  | { type: 'trace'; request: TraceRequest }

/** A step of a built-in lesson, as data (main/cluster/scenarios holds the lessons and runs their checks). */
export interface LessonStepInfo {
  id: string
  title: string
  /** What to do and what to watch for, one paragraph per entry. */
  text: string[]
  /** The kubectl commands for it (data dir paths written out). */
  commands: string[]
  /** Manifests as YAML ("Apply for me" applies them through lessons/apply). */
  manifests?: string
  /** Buttons; `action` is absent when it depends on the cluster (lessons/action resolves it). */
  actions: Array<{ label: string; action?: LessonAction }>
}

export interface LessonInfo {
  id: string
  title: string
  summary: string
  /** Rough time at the suggested clock speed. */
  minutes: number
  steps: LessonStepInfo[]
}

/** A step's check as main evaluated it. */
export interface LessonCheck {
  lessonId: string
  step: string
  done: boolean
  /** In a few words: `2 of 3 redis-slave pods Ready`. */
  reason: string
}

/** The lessons as main keeps them: the open one, everyone's progress, the open step's check. */
export interface LessonsState {
  active: string
  progress: Record<string, { step: number; passed: string[] }>
  check?: LessonCheck
  /** Reset is deleting what the lesson created: no step passes meanwhile. */
  resetting: boolean
}

/** How a call fails on either transport: the message users see, and the API's Status for API errors. */
export interface CallFailure {
  message: string
  status?: Status
}

/**
 * How both transports frame a call's outcome between main and the renderer's
 * side (preload, or the WebSocket client): failures travel as data, so the
 * API's Status survives the trip and main never throws across IPC.
 */
export type CallReply = { ok: true; result: unknown } | { ok: false; error: CallFailure }

/** Invoke calls: channel name -> argument tuple and result. Channels are named `area/verb`. */
export interface Calls {
  'cluster/info': { args: []; result: ClusterInfo }
  /** Every served kind. */
  'resources/list': { args: []; result: KindInfo[] }
  /** Lists one resource (all namespaces unless `namespace`); resourceVersion is the revision the list reflects. */
  'objects/list': { args: [{ gvr: Gvr; namespace?: string }]; result: { resourceVersion: string; items: KubeObject[] } }
  'objects/get': { args: [{ gvr: Gvr; namespace?: string; name: string }]; result: KubeObject }
  /** Applies one or many YAML documents: creates what is missing, merges into what exists (as `kubectl apply`). */
  'objects/apply': { args: [{ yaml: string; namespace?: string }]; result: ApplyResult[] }
  'objects/delete': {
    args: [{ gvr: Gvr; namespace?: string; name: string; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' }]
    result: KubeObject
  }
  /** Sets desired replicas through the kind's scale subresource fields. */
  'objects/scale': { args: [{ gvr: Gvr; namespace: string; name: string; replicas: number }]; result: KubeObject }
  /** Patches an object as `kubectl patch --type json|merge|strategic` does; a patch naming metadata.resourceVersion is a precondition. */
  'objects/patch': { args: [{ gvr: Gvr; namespace?: string; name: string; type: PatchType; patch: unknown }]; result: KubeObject }
  /** Power off/on (sim.kubelab.dev/power), cordon, uncordon, or drain (cordon, then evict through pods/eviction). */
  'nodes/action': { args: [{ node: string; action: NodeAction }]; result: { node: KubeObject; drain?: DrainReport } }
  /** Adds a worker Node (named as kind names workers unless `name`); its kubelet starts and registers it. */
  'nodes/add': { args: [{ name?: string }]; result: KubeObject }
  /** A container's log, as `kubectl logs` (the container may be omitted for a one-container pod). */
  'pods/logs': { args: [{ namespace: string; name: string; container?: string; previous?: boolean; tailLines?: number }]; result: { container: string; text: string } }
  /** As `kubectl logs -f`: the log so far, then `pods/log-lines` events with this id until it ends or is stopped. */
  'pods/logs-follow': { args: [{ namespace: string; name: string; container?: string; tailLines?: number }]; result: { id: number; container: string; text: string } }
  'pods/logs-stop': { args: [{ id: number }]; result: void }
  /** A node's kube-proxy rules as iptables-save prints them; with `service`, the chains that are that Service's own. */
  'network/proxy-rules': { args: [{ node: string; service?: { namespace: string; name: string } }]; result: { text: string; chains: string[] } }
  /** Traces a packet hop by hop through DNS, kube-proxy's rules, routes and the overlay (creates a PacketTrace). */
  'network/trace': { args: [TraceRequest]; result: TraceAnswer }
  'clock/state': { args: []; result: ClockState }
  'clock/set': { args: [{ paused?: boolean; speed?: number }]; result: ClockState }
  /** Moves cluster time forward by ms, firing every timer due on the way. */
  'clock/step': { args: [{ ms: number }]; result: ClockState }
  /** The built-in lessons, as data. */
  'lessons/list': { args: []; result: LessonInfo[] }
  'lessons/state': { args: []; result: LessonsState }
  /** Opens a lesson (its progress is kept). */
  'lessons/start': { args: [{ id: string }]; result: LessonsState }
  'lessons/close': { args: []; result: LessonsState }
  /** Goes to a step of a lesson, once every step before it is done. */
  'lessons/advance': { args: [{ id: string; step: number }]; result: LessonsState }
  /** Evaluates a lesson's current step now; `selected` is what the inspector shows (some steps check it). */
  'lessons/evaluate': { args: [{ id: string; selected?: { resource: string; namespace?: string; name: string } | null }]; result: LessonCheck }
  /** A step's button, resolved against the cluster now, or why it cannot run yet. */
  'lessons/action': { args: [{ id: string; step: string; index: number }]; result: { action: LessonAction } | { unavailable: string } }
  /** Applies a step's manifests ("Apply for me"); main remembers what they created, for Reset. */
  'lessons/apply': { args: [{ id: string; step: string }]; result: ApplyResult[] }
  /** Runs a step's packet trace for its check (the renderer plays its own through network/trace). */
  'lessons/trace': { args: [{ id: string; step: string; request: TraceRequest }]; result: TraceResult }
  /** Deletes what the lesson created (newest first), undoes its changes, and starts it over. */
  'lessons/reset': { args: [{ id: string }]; result: { state: LessonsState; failures: string[] } }
}

/** One watch event of a batch. */
export interface WatchDelta {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  /** resourceKey() of the object's resource: `pods`, `deployments.apps`. */
  resource: string
  object: KubeObject
}

/** What the desktop app's native menu asks the window to do (never sent in serve mode). */
export type AppCommand = 'view-cluster' | 'view-networks' | 'view-storage' | 'toggle-theme' | 'open-apply' | 'export-png' | 'export-svg'

/** Pushed events: channel name -> payload. */
export interface Events {
  /**
   * Watch events of every resource in `watchedResources`, batched (about one
   * batch per animation frame), in revision order. `resync` names resources
   * whose watch restarted: the renderer lists them again.
   */
  'watch/deltas': { revision: number; deltas: WatchDelta[]; resync?: string[] }
  'clock/tick': ClockState
  /** New text of a followed log (`ended` once the container stopped or the pod went away). */
  'pods/log-lines': { id: number; text: string; ended?: boolean }
  /** A native menu item that the renderer carries out. */
  'app/command': { command: AppCommand }
  /** The lessons' state whenever it changes: progress, and the open step's check as objects change. */
  'lessons/report': LessonsState
}

export type CallChannel = keyof Calls
export type EventChannel = keyof Events

/** The channel lists, checked against the types above by the compiler. */
export const callChannels = [
  'cluster/info',
  'resources/list',
  'objects/list',
  'objects/get',
  'objects/apply',
  'objects/delete',
  'objects/scale',
  'objects/patch',
  'nodes/action',
  'nodes/add',
  'pods/logs',
  'pods/logs-follow',
  'pods/logs-stop',
  'network/proxy-rules',
  'network/trace',
  'clock/state',
  'clock/set',
  'clock/step',
  'lessons/list',
  'lessons/state',
  'lessons/start',
  'lessons/close',
  'lessons/advance',
  'lessons/evaluate',
  'lessons/action',
  'lessons/apply',
  'lessons/trace',
  'lessons/reset'
] as const satisfies readonly CallChannel[]
export const eventChannels = ['watch/deltas', 'clock/tick', 'pods/log-lines', 'app/command', 'lessons/report'] as const satisfies readonly EventChannel[]

// Both lists must name every channel: an omission fails to compile here.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>
const _allCalls: Missing<CallChannel, (typeof callChannels)[number]> = true
const _allEvents: Missing<EventChannel, (typeof eventChannels)[number]> = true
void _allCalls
void _allEvents

/** The resources whose changes main pushes as `watch/deltas`: what the UI draws. */
export const watchedResources = [
  { group: '', version: 'v1', resource: 'namespaces' },
  { group: '', version: 'v1', resource: 'nodes' },
  { group: '', version: 'v1', resource: 'pods' },
  { group: '', version: 'v1', resource: 'services' },
  { group: '', version: 'v1', resource: 'endpoints' },
  { group: '', version: 'v1', resource: 'replicationcontrollers' },
  { group: 'apps', version: 'v1', resource: 'replicasets' },
  { group: 'apps', version: 'v1', resource: 'deployments' },
  { group: 'apps', version: 'v1', resource: 'daemonsets' },
  { group: 'apps', version: 'v1', resource: 'statefulsets' },
  { group: 'batch', version: 'v1', resource: 'jobs' },
  { group: 'batch', version: 'v1', resource: 'cronjobs' },
  { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' },
  { group: '', version: 'v1', resource: 'configmaps' },
  { group: '', version: 'v1', resource: 'secrets' },
  { group: '', version: 'v1', resource: 'resourcequotas' },
  { group: '', version: 'v1', resource: 'limitranges' },
  { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' },
  { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses' },
  { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' },
  { group: '', version: 'v1', resource: 'serviceaccounts' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
  { group: '', version: 'v1', resource: 'persistentvolumes' },
  { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' },
  { group: '', version: 'v1', resource: 'events' },
  /** Their status carries live per-edge request rates (the traffic counters the canvas draws). */
  { group: 'kubelab.dev', version: 'v1alpha1', resource: 'trafficgenerators' }
] as const satisfies readonly Gvr[]

/** A resource's key in deltas and stores, as kubectl spells it: `pods`, `deployments.apps`. */
export function resourceKey(gvr: { group: string; resource: string }): string {
  return gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource
}

/**
 * The object preload exposes as `window.kubelab`. `call` rejects with a
 * CallFailure (a plain object, so its Status survives the context bridge).
 */
export interface KubelabApi {
  call<C extends CallChannel>(channel: C, ...args: Calls[C]['args']): Promise<Calls[C]['result']>
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void
}
