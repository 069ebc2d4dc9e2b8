/**
 * What a built-in lesson is made of. A lesson is a few steps; each step says
 * what to do (and the kubectl command for it), may offer to do it for the
 * learner (apply its manifests, scale, power a node off, trace a packet...),
 * and has a check: a pure function over cluster objects, read through a
 * small read interface, that says whether the step is done, with a short
 * reason. The renderer receives the lessons as data (lessonInfo) and the
 * checks' verdicts as reports; it computes none of them.
 */
import type { GroupVersionResource, KubeObject } from '../apimachinery/types'

/** Reads of cluster objects by resource key (`pods`, `deployments.apps`), as informers cache them. */
export interface ScenarioReads {
  /** Every object of a resource, or of one namespace of it. */
  list(resource: string, namespace?: string): KubeObject[]
}

/** An object named by resource key, namespace (when namespaced) and name. */
export interface ObjectRef {
  resource: string
  namespace?: string
  name: string
}

/** The outcome of a packet trace (a PacketTrace's status): what the trace checks read. */
export interface TraceOutcome {
  verdict: string
  reason: string
  hops: unknown[]
}

/** What a packet trace a lesson ran asked: the PacketTrace spec's fields. */
export interface TraceRequest {
  source: { pod?: string; node?: string; external?: boolean }
  destination: { address?: string; pod?: string; port?: number }
  protocol?: 'TCP' | 'UDP'
}

/** A packet trace a lesson step ran for the learner, and its answer. */
export interface TraceRecord {
  /** Which lesson step asked for it (`<lesson>/<step>`). */
  step: string
  request: TraceRequest
  result: TraceOutcome
}

/** What a check may read: cluster objects, what the learner has selected, the lesson's traces. */
export interface CheckContext extends ScenarioReads {
  find(ref: ObjectRef): KubeObject | undefined
  /** What the inspector shows, as the renderer last reported it. */
  selected: ObjectRef | null
  /** The traces this lesson ran, oldest first. */
  traces: readonly TraceRecord[]
  /** The cluster's data dir (static pod manifests live under it), when it has one. */
  dataDir?: string
}

/** A check's verdict: done or not yet, and why, in a few words ("2 of 3 redis-slave pods Ready"). */
export interface CheckResult {
  done: boolean
  reason: string
}

export type Check = (ctx: CheckContext) => CheckResult

/** Something the app can do for the learner, through the contract's calls. */
export type Action =
  | { type: 'apply'; yaml: string }
  | { type: 'scale'; gvr: GroupVersionResource; namespace: string; name: string; replicas: number }
  | { type: 'patch'; gvr: GroupVersionResource; namespace?: string; name: string; patchType: 'json' | 'merge' | 'strategic'; patch: unknown }
  | { type: 'delete'; gvr: GroupVersionResource; namespace?: string; name: string }
  | { type: 'node'; node: string; action: 'power-off' | 'power-on' | 'cordon' | 'uncordon' | 'drain' }
  | { type: 'clock'; speed?: number; paused?: boolean }
  | { type: 'step-clock'; ms: number }
  | { type: 'trace'; request: TraceRequest }

/** An action that depends on the cluster (which node runs the pods): a string says why it cannot run yet. */
export type ActionOf = Action | ((ctx: CheckContext) => Action | string)

/** A button in a step. */
export interface StepAction {
  label: string
  action: ActionOf
}

export interface Step {
  id: string
  title: string
  /** What to do and what to watch for on the canvas, one paragraph per entry. */
  text: string[]
  /** What a learner types instead (the app shows its kubeconfig); may name the data dir. */
  commands?: Array<string | ((ctx: Pick<CheckContext, 'dataDir'>) => string)>
  /** Manifests the app can apply for the learner ("Apply for me"). */
  manifests?: string
  actions?: StepAction[]
  check: Check
}

/** An object Reset deletes: one the lesson's applies created, or a leftover the learner may have made by hand. */
export interface ObjectTarget {
  gvr: GroupVersionResource
  namespace?: string
  name: string
}

export interface Lesson {
  id: string
  title: string
  summary: string
  /** Rough time at the suggested clock speed. */
  minutes: number
  steps: Step[]
  /** Objects Reset deletes even if the learner created them by hand. */
  leftovers?: ObjectTarget[]
  /** What Reset does after deleting (power a node back on...). */
  resetActions?: ActionOf[]
}
