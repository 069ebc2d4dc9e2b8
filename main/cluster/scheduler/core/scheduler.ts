import type { Node, Pod } from 'kubernetes-types/core/v1'
import { SchedulerCache } from '../cache/cache'
import type { NodeInfo } from '../cache/node-info'
import { PodInfo } from '../cache/pod-info'
import { Framework, type Profile } from '../framework/framework'
import { emptyListers, type Listers } from '../framework/interface'
import type { Registry } from '../framework/registry'
import { errNoNodesAvailable, fitErrorMessage } from '../framework/fit-error'
import { defaultProfile, inTreeRegistry } from '../plugins'
import { findNodesThatFitPod, type StartIndex } from './find-nodes'
import { Nominator } from './nominator'
import type { AttemptRecord, Outcome } from './outcome'
import { seededRandom, selectHost } from './select-host'

/** How to build a Scheduler core. */
export interface SchedulerOptions {
  /** Default: the default profile (default-scheduler, kube-scheduler's default plugins and weights). */
  profile?: Profile
  /** Default: the in-tree plugins. */
  registry?: Registry
  /** Other objects plugins read (claims, services, owners); default: none. */
  listers?: Listers
  /** percentageOfNodesToScore; 0 (default) is the adaptive 50% − nodes/125, at least 5%. */
  percentageOfNodesToScore?: number
  /** Seed for tie-breaks and preemption offsets; default 1, so runs are reproducible. */
  seed?: number
}

/**
 * The scheduling core, without the API: a cache of nodes and placed pods fed
 * by addNode/addPod (the component feeds it from informers; a benchmark feeds
 * it directly), and scheduleOne, which runs one scheduling cycle for a pod
 * (PreFilter, Filter over an adaptive share of the nodes, PreScore, Score,
 * select, or PostFilter for preemption) and, on success, assumes the pod on
 * the chosen node so the next decision already counts it.
 */
export class Scheduler {
  readonly cache = new SchedulerCache()
  readonly nominator = new Nominator()
/** The profile's plugins, run per extension point. */
  readonly framework: Framework
/** 0: adaptive. */
  readonly percentageOfNodesToScore: number
  private readonly start: StartIndex = { next: 0 }
  private readonly randomInt: (n: number) => number

  constructor(options: SchedulerOptions = {}) {
    this.randomInt = seededRandom(options.seed ?? 1)
    this.percentageOfNodesToScore = options.percentageOfNodesToScore ?? 0
    this.framework = new Framework({
      registry: options.registry ?? inTreeRegistry(),
      profile: options.profile ?? defaultProfile,
      cache: this.cache,
      listers: options.listers ?? emptyListers,
      nominatedPods: (node) => this.nominator.podsOn(node),
      noNominatedPods: () => this.nominator.empty,
      randomInt: this.randomInt
    })
  }

  /** The scheduler name this core serves (pods with another spec.schedulerName are not its business). */
  get schedulerName(): string {
    return this.framework.profile.schedulerName
  }

  /** Adds or updates a node. */
  setNode(node: Node): void {
    this.cache.setNode(node)
  }

/** A node is gone; its pods stay counted until they are removed. */
  removeNode(name: string): void {
    this.cache.removeNode(name)
  }

  /**
   * A pod as the API has it: bound pods are placed on their node (finished
   * ones removed); pending pods nominated to a node are remembered as such.
   */
  setPod(pod: Pod, info?: PodInfo): void {
    const pi = info ?? PodInfo.of(pod, this.cache.podInfo(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`))
    this.cache.upsertPod(pod, pi)
    if (pod.spec?.nodeName) this.nominator.delete(pi.key)
    else this.nominator.set(pi, pod.status?.nominatedNodeName ?? '')
  }

  /** A pod is gone. */
  removePod(key: string): void {
    this.cache.removePod(key)
    this.nominator.delete(key)
  }

  /**
   * Done with an attempt's record (its annotation written, its binding
   * made): the score table and the feasible-node list go back to the
   * framework for the next attempts, and the record no longer lists them.
   */
  releaseRecord(record: AttemptRecord | undefined): void {
    if (!record?.scores) return
    this.framework.releaseScoreTable(record.scores.table)
    // The scored nodes are the feasible ones: that list goes back too.
    this.framework.releaseNodeList(record.scores.nodes as NodeInfo[])
    record.scores = undefined
    record.feasible = []
  }

  /** Undoes the assumption of a scheduled pod whose binding failed. */
  forget(key: string): void {
    this.cache.forget(key)
  }

  /** Runs one scheduling cycle for a pending pod. */
  scheduleOne(pod: Pod | PodInfo): Outcome {
    const pi = pod instanceof PodInfo ? pod : new PodInfo(pod)
    const fw = this.framework
    const allNodes = this.cache.list()
    if (allNodes.length === 0) return { result: 'Unschedulable', pod: pi, message: errNoNodesAvailable, unschedulablePlugins: new Set(), nominatedNodeName: '' }
    const state = fw.newCycleState()
    const found = findNodesThatFitPod(fw, state, pi, allNodes, this.start, this.percentageOfNodesToScore)
    const record: AttemptRecord = {
      numAllNodes: allNodes.length,
      nodes: allNodes,
      filters: fw.activeFilterPlugins(state),
      pluginsWithNodes: found.pluginsWithNodes,
      feasible: found.feasible,
      diagnosis: found.diagnosis
    }
    if (found.error) return { result: 'Error', pod: pi, message: found.error.message(), record }
    const { feasible, diagnosis } = found
    if (feasible.length === 0) {
      const post = fw.runPostFilterPlugins(state, pi, diagnosis)
      if (post?.status.code === 'Error') return { result: 'Error', pod: pi, message: post.status.message(), record }
      diagnosis.postFilterMsg = post?.status.message() ?? ''
      if (post?.nominatedNodeName) this.nominator.set(pi, post.nominatedNodeName)
      return {
        result: 'Unschedulable',
        pod: pi,
        message: fitErrorMessage(allNodes.length, diagnosis),
        unschedulablePlugins: diagnosis.unschedulablePlugins,
        nominatedNodeName: post?.nominatedNodeName,
        victims: post?.victims,
        record
      }
    }
    let chosen = feasible[0]
    if (feasible.length > 1) {
      try {
        const pre = fw.runPreScorePlugins(state, pi, feasible)
        if (pre) return { result: 'Error', pod: pi, message: pre.message(), record }
        const table = fw.runScorePlugins(state, pi, feasible)
        const selected = selectHost(table.totals, this.randomInt)
        record.scores = { nodes: feasible, table, selected }
        chosen = feasible[selected]
      } catch (e) {
        return { result: 'Error', pod: pi, message: (e as Error).message ?? String(e), record }
      }
    }
    this.cache.assume(pi, chosen.name)
    this.nominator.delete(pi.key)
    const preBind = fw.preBindPlugins.flatMap((p) => p.preBind(state, pi, chosen.name))
    return {
      result: 'Scheduled',
      pod: pi,
      nodeName: chosen.name,
      evaluatedNodes: feasible.length + diagnosis.nodeToStatus.size,
      feasibleNodes: feasible.length,
      preBind,
      state,
      record
    }
  }

  /** Schedules pods one after the other, each seeing the ones before it placed (a batch for benchmarks and tests). */
  schedule(pods: Iterable<Pod | PodInfo>): Outcome[] {
    const out: Outcome[] = []
    for (const p of pods) out.push(this.scheduleOne(p))
    return out
  }
}
