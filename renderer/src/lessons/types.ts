/**
 * What a built-in lesson is made of. A lesson is a few steps; each step says
 * what to do (and the kubectl command for it), may offer to do it for the
 * learner (apply its manifests, scale, power a node off, trace a packet...),
 * and has a check: a pure function over what the UI knows of the cluster
 * that says whether the step is done, with a short reason.
 */
import type { Gvr, KubeObject, NodeAction, PatchType, TraceRequest, TraceResult } from '../../../preload/contract'
import type { ObjectRef } from '../lib/kube'

/** A packet trace a lesson ran for the learner, with the question it asked. */
export interface TraceRecord {
  /** Which lesson step asked for it (`<lesson>/<step>`). */
  step: string
  request: TraceRequest
  result: TraceResult
  /** The objects store's revision when the answer came. */
  revision: number
}

/** What a check may read: the renderer's stores, never the main process. */
export interface CheckContext {
  /** Every object of a resource (`pods`, `deployments.apps`), as the watch deltas left it. */
  list(resource: string): KubeObject[]
  find(ref: ObjectRef): KubeObject | undefined
  /** What the inspector shows, if anything. */
  selected: ObjectRef | null
  /** The traces this lesson ran, oldest first. */
  traces: readonly TraceRecord[]
  /** The cluster's data dir (static pod manifests live under it), when known. */
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
  | { type: 'scale'; gvr: Gvr; namespace: string; name: string; replicas: number }
  | { type: 'patch'; gvr: Gvr; namespace?: string; name: string; patchType: PatchType; patch: unknown }
  | { type: 'delete'; gvr: Gvr; namespace?: string; name: string }
  | { type: 'node'; node: string; action: NodeAction }
  | { type: 'clock'; speed?: number; paused?: boolean }
  | { type: 'step-clock'; ms: number }
  | { type: 'trace'; request: TraceRequest }

/**
 * A button in a step. Its action may depend on the cluster (which node runs
 * the pods, which pod to trace from): then it is a function, which answers a
 * string (why the action cannot run yet) when it cannot be formed.
 */
export interface StepAction {
  label: string
  action: Action | ((ctx: CheckContext) => Action | string)
}

export interface Step {
  id: string
  title: string
  /** What to do and what to watch for on the canvas, one paragraph per entry. */
  text: string[]
  /** What a learner types instead (the app shows its kubeconfig); may name the data dir. */
  commands?: Array<string | ((ctx: CheckContext) => string)>
  /** Manifests the app can apply for the learner ("Apply for me"). */
  manifests?: string
  actions?: StepAction[]
  check: Check
}

/** What Reset deletes besides the objects the lesson's applies created (things the learner made by hand). */
export interface Leftover {
  gvr: Gvr
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
  leftovers?: Leftover[]
  /** What Reset does after deleting (power a node back on...). */
  resetActions?: Array<Action | ((ctx: CheckContext) => Action | string)>
}
