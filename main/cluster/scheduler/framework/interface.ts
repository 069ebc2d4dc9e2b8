import type { Namespace, PersistentVolume, PersistentVolumeClaim, ReplicationController, Service } from 'kubernetes-types/core/v1'
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { CycleState } from './cycle-state'
import type { Status } from './status'
import type { Diagnosis } from './fit-error'
import type { ClusterEvent } from './events'

/** framework.MaxNodeScore: every score plugin answers 0..100 after normalization. */
export const maxNodeScore = 100

/**
 * Read access to the other objects plugins consult, as kube-scheduler's
 * informer listers. The component backs them with shared informers; the
 * pure core (benchmarks, unit tests) may give plain maps or nothing.
 */
export interface Listers {
/** A claim by namespace and name. */
  persistentVolumeClaim(namespace: string, name: string): PersistentVolumeClaim | undefined
/** A volume by name. */
  persistentVolume(name: string): PersistentVolume | undefined
  /** Every PersistentVolume (WaitForFirstConsumer claims look for one to bind). */
  persistentVolumes(): readonly PersistentVolume[]
/** A storage class by name. */
  storageClass(name: string): StorageClass | undefined
  /** Services of a namespace (PodTopologySpread's default selector). */
  services(namespace: string): readonly Service[]
/** A ReplicaSet (a pod's controller). */
  replicaSet(namespace: string, name: string): ReplicaSet | undefined
/** A ReplicationController (a pod's controller). */
  replicationController(namespace: string, name: string): ReplicationController | undefined
/** A StatefulSet (a pod's controller). */
  statefulSet(namespace: string, name: string): StatefulSet | undefined
/** A namespace (its labels, for namespace selectors). */
  namespace(name: string): Namespace | undefined
  /** Every namespace (pod affinity terms with a namespaceSelector). */
  namespaces(): readonly Namespace[]
}

/** Listers that know nothing. */
export const emptyListers: Listers = {
  persistentVolumeClaim: () => undefined,
  persistentVolume: () => undefined,
  persistentVolumes: () => [],
  storageClass: () => undefined,
  services: () => [],
  replicaSet: () => undefined,
  replicationController: () => undefined,
  statefulSet: () => undefined,
  namespace: () => undefined,
  namespaces: () => []
}

/** What a plugin may use besides the pod and node it is given (framework.Handle). */
export interface Handle {
  /** Every node, in visiting order. */
  nodeInfos(): readonly NodeInfo[]
/** A node by name. */
  nodeInfo(name: string): NodeInfo | undefined
  /** Nodes holding pods with required anti-affinity terms. */
  nodesWithRequiredAntiAffinityPods(): ReadonlySet<NodeInfo>
  /** Nodes holding pods with any pod (anti-)affinity terms. */
  nodesWithAffinityPods(): ReadonlySet<NodeInfo>
/** Other objects plugins read. */
  listers: Listers
  /** Runs every Filter plugin on a node. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null
  /** Runs the Filter plugins counting the node's nominated pods too (what preemption re-checks after removing victims). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null
  /** Tells the PreFilter extensions that a pod was added to / removed from a what-if node. */
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void
/** See runPreFilterAddPod. */
  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void
  /** A random integer in [0, n), from the scheduler's seeded source (tie-breaks, preemption offsets). */
  randomInt(n: number): number
}

/** Every plugin has a name; it may name the cluster events that can make a pod it rejected schedulable. */
export interface Plugin {
/** The name profiles and messages use, e.g. `NodeResourcesFit`. */
  readonly name: string
  /** EventsToRegister: events after which pods this plugin rejected are worth retrying. */
  readonly events?: readonly ClusterEvent[]
}

/** The node names a PreFilter restricts a pod to (framework.PreFilterResult); undefined means all nodes. */
export type PreFilterNodes = ReadonlySet<string>

/** Runs once per pod before filtering (framework.PreFilterPlugin). */
export interface PreFilterPlugin extends Plugin {
  /** Pre-computes state for Filter; may restrict the nodes, reject the pod, or answer Skip to skip its Filter. */
  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterNodes | null
  /** PreFilterExtensions.AddPod: a pod was added to node in a what-if (nominated pods, preemption). */
  addPod?(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void
  /** PreFilterExtensions.RemovePod. */
  removePod?(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void
}

/** Decides, node by node, whether the pod may run there (framework.FilterPlugin). */
export interface FilterPlugin extends Plugin {
  /** Whether the pod fits the node: null for yes, a rejecting Status (with reasons) for no. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null
}

/** Runs once per pod before scoring, over the feasible nodes (framework.PreScorePlugin). */
export interface PreScorePlugin extends Plugin {
  /** Pre-computes state for Score over the feasible nodes; may answer Skip. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null
}

/** Ranks feasible nodes; scores end up 0..100, then weighted (framework.ScorePlugin). */
export interface ScorePlugin extends Plugin {
  /** A raw score for the node. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number
  /** Scales raw scores (aligned with nodes) into 0..100 in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]): void
}

/** What a PostFilter (preemption) proposes. */
export interface PostFilterResult {
  /** Success when a node was found by preempting; otherwise Unschedulable with the message users read. */
  status: Status
  /** The node the pod is nominated to; '' clears a former nomination; undefined leaves it. */
  nominatedNodeName?: string
  /** The pods to evict so the preemptor fits on the nominated node. */
  victims?: readonly PodInfo[]
}

/** Runs when no node fits, to make one fit later: preemption (framework.PostFilterPlugin). */
export interface PostFilterPlugin extends Plugin {
/** Tries to make room for a pod no node fits; diagnosis tells why each node failed. */
  postFilter(state: CycleState, pod: PodInfo, diagnosis: Diagnosis): PostFilterResult
}

/** Checks and side effects between the decision and the binding (VolumeBinding's claim updates). */
export interface PreBindPlugin extends Plugin {
  /** The writes to make before binding pod to nodeName, as a list of tasks for the component to run. */
  preBind(state: CycleState, pod: PodInfo, nodeName: string): PreBindAction[]
}

/** A write a PreBind plugin asks for; the pure core has no API, so the component performs them. */
export interface PreBindAction {
/** Annotate a claim (the selected node, for its provisioner). */
  kind: 'annotatePVC'
/** The claim's namespace. */
  namespace: string
/** The claim's name. */
  name: string
/** Annotations to set. */
  annotations: Record<string, string>
}

/** Builds a plugin for a framework (framework.PluginFactory). */
export type PluginFactory = (handle: Handle) => Plugin
