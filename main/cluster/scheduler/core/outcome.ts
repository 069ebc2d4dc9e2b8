import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { CycleState } from '../framework/cycle-state'
import type { Diagnosis } from '../framework/fit-error'
import type { ScoreTable } from '../framework/framework'
import type { PreBindAction } from '../framework/interface'

/** What one scheduling attempt looked at: enough to explain it, built into the annotation only on demand. */
export interface AttemptRecord {
  /** Nodes in the cluster at the time. */
  numAllNodes: number
  /** Every node at the time, in visiting order (the cache's list, not a copy). */
  nodes: readonly NodeInfo[]
  /** Filter plugins that ran (not skipped by their PreFilter), in order. */
  filters: string[]
  /** Plugins that restricted the nodes at PreFilter (their names explain the absent nodes). */
  pluginsWithNodes: string[]
/** Nodes that passed the filters. */
  feasible: readonly NodeInfo[]
/** Why the other nodes did not. */
  diagnosis: Diagnosis
  /** Scores of the feasible nodes, and the index of the node selectHost chose; undefined when scoring did not run (one feasible node, or none). */
  scores?: { nodes: readonly NodeInfo[]; table: ScoreTable; selected?: number }
}

/** The pod was placed (and assumed on the node in the cache). */
export interface Scheduled {
/** Discriminant. */
  result: 'Scheduled'
  /** The pod as scheduled. */
  pod: PodInfo
  /** The chosen node. */
  nodeName: string
  /** Nodes filtered (feasible plus rejected). */
  evaluatedNodes: number
  /** Nodes found feasible (the adaptive share stops the search early). */
  feasibleNodes: number
  /** Writes to make before binding (claims to annotate for provisioning). */
  preBind: PreBindAction[]
  /** The cycle's state (PreBind plugins read it). */
  state: CycleState
  /** What the attempt looked at, for the annotation. */
  record: AttemptRecord
}

/** No node fits (FitError), possibly with a preemption to carry out. */
export interface Unschedulable {
/** Discriminant. */
  result: 'Unschedulable'
  /** The pod that did not fit. */
  pod: PodInfo
  /** The FailedScheduling message, e.g. `0/4 nodes are available: 4 Insufficient cpu. preemption: ...`. */
  message: string
  /** Plugins that rejected the pod: the events they registered retry it. Empty means retry on any event. */
  unschedulablePlugins: Set<string>
  /** A node to nominate the pod to ('' to clear its nomination); undefined leaves status.nominatedNodeName alone. */
  nominatedNodeName?: string
  /** Pods to evict so the pod fits on the nominated node. */
  victims?: readonly PodInfo[]
  /** What the attempt looked at; undefined when there were no nodes at all. */
  record?: AttemptRecord
}

/** Something went wrong that is not about fit (a plugin error): the pod is retried after a backoff. */
export interface SchedulingError {
/** Discriminant. */
  result: 'Error'
  /** The pod whose attempt failed. */
  pod: PodInfo
  /** What went wrong. */
  message: string
  /** What the attempt looked at before it failed. */
  record?: AttemptRecord
}

/** The outcome of Scheduler.scheduleOne. */
export type Outcome = Scheduled | Unschedulable | SchedulingError
