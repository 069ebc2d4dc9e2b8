import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { SchedulerCache } from '../cache/cache'
import { CycleState } from './cycle-state'
import type { Diagnosis } from './fit-error'
import type {
  FilterPlugin,
  Handle,
  Listers,
  Plugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreFilterNodes,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin
} from './interface'
import { maxNodeScore } from './interface'
import type { Registry } from './registry'
import { Status, unresolvable } from './status'

/** One plugin of a profile, with its score weight (default 1). */
export interface PluginSpec {
/** The registered plugin name. */
  name: string
/** Score weight (score plugins). */
  weight?: number
}

/** A scheduling profile (KubeSchedulerProfile): the scheduler name it serves and its plugins, in run order. */
export interface Profile {
/** The spec.schedulerName of the pods this profile schedules. */
  schedulerName: string
/** The plugins, in the order they run. */
  plugins: readonly PluginSpec[]
}

/** What the framework needs from the scheduler around it. */
export interface FrameworkOptions {
/** Where plugin factories come from. */
  registry: Registry
/** Which plugins run. */
  profile: Profile
/** Nodes and placed pods. */
  cache: SchedulerCache
/** Other objects plugins read. */
  listers: Listers
  /** Pods nominated to a node (status.nominatedNodeName) that are not bound yet. */
  nominatedPods(nodeName: string): readonly PodInfo[]
  /** Whether no pod is nominated to any node. */
  noNominatedPods(): boolean
/** A random integer in [0, n). */
  randomInt(n: number): number
}

/** What PreFilter decided for the pod. */
export interface PreFilterOutcome {
  /** null: go on filtering; a rejecting or Error status otherwise. */
  status: Status | null
  /** The nodes PreFilter plugins restricted the pod to; undefined: all nodes. */
  nodes?: PreFilterNodes
  /** Plugins that restricted the nodes. */
  pluginsWithNodes: string[]
}

/** Scores per plugin and node (weighted), with totals; aligned with the scored nodes. */
export interface ScoreTable {
/** Plugins that scored (not skipped), in order. */
  plugins: string[]
  /** scores[p][i]: plugin p's weighted score for node i. */
  scores: number[][]
/** Sum of the weighted scores per node. */
  totals: number[]
}

/** Score tables kept for reuse: about as many as binding cycles run at once. */
const maxSpareTables = 256

/**
 * Runs a profile's plugins at each extension point, as kube-scheduler's
 * frameworkImpl: PreFilter (which may skip a plugin's Filter or restrict the
 * nodes), Filter (stopping at the first rejection of a node), PreScore,
 * Score with NormalizeScore and weights, and PostFilter (preemption). It is
 * also the Handle plugins are built with.
 */
export class Framework implements Handle {
/** The profile run. */
  readonly profile: Profile
/** Other objects plugins read. */
  readonly listers: Listers
/** PreFilter plugins, in order. */
  readonly preFilterPlugins: PreFilterPlugin[] = []
/** Filter plugins, in order. */
  readonly filterPlugins: FilterPlugin[] = []
/** PreScore plugins, in order. */
  readonly preScorePlugins: PreScorePlugin[] = []
/** Score plugins with their weights, in order. */
  readonly scorePlugins: Array<{ plugin: ScorePlugin; weight: number }> = []
/** PostFilter plugins (preemption). */
  readonly postFilterPlugins: PostFilterPlugin[] = []
/** PreBind plugins (claim provisioning requests). */
  readonly preBindPlugins: PreBindPlugin[] = []
  /** Every plugin by name. */
  readonly plugins = new Map<string, Plugin>()
  private readonly filterIndex = new Map<string, number>()
  private readonly scoreIndex = new Map<string, number>()
  /** Score tables handed back (releaseScoreTable), reused by the next attempts. */
  private readonly spareTables: ScoreTable[] = []
  /** Feasible-node lists handed back (releaseNodeList), reused by the next attempts. */
  private readonly spareNodeLists: NodeInfo[][] = []

  constructor(private readonly options: FrameworkOptions) {
    this.profile = options.profile
    this.listers = options.listers
    for (const spec of options.profile.plugins) {
      const factory = options.registry.get(spec.name)
      if (!factory) throw new Error(`plugin "${spec.name}" does not exist`)
      if (this.plugins.has(spec.name)) throw new Error(`plugin "${spec.name}" already registered as "${spec.name}"`)
      const p = factory(this)
      this.plugins.set(spec.name, p)
      if ('preFilter' in p) this.preFilterPlugins.push(p as PreFilterPlugin)
      if ('filter' in p) {
        this.filterIndex.set(p.name, this.filterPlugins.length)
        this.filterPlugins.push(p as FilterPlugin)
      }
      if ('preScore' in p) this.preScorePlugins.push(p as PreScorePlugin)
      if ('score' in p) {
        this.scoreIndex.set(p.name, this.scorePlugins.length)
        this.scorePlugins.push({ plugin: p as ScorePlugin, weight: spec.weight || 1 })
      }
      if ('postFilter' in p) this.postFilterPlugins.push(p as PostFilterPlugin)
      if ('preBind' in p) this.preBindPlugins.push(p as PreBindPlugin)
    }
  }

  // Handle

/** Handle.nodeInfos. */
  nodeInfos(): readonly NodeInfo[] {
    return this.options.cache.list()
  }

/** Handle.nodeInfo. */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.options.cache.get(name)
  }

/** Handle.nodesWithRequiredAntiAffinityPods. */
  nodesWithRequiredAntiAffinityPods(): ReadonlySet<NodeInfo> {
    return this.options.cache.nodesWithRequiredAntiAffinityPods
  }

/** Handle.nodesWithAffinityPods. */
  nodesWithAffinityPods(): ReadonlySet<NodeInfo> {
    return this.options.cache.nodesWithAffinityPods
  }

/** Handle.randomInt. */
  randomInt(n: number): number {
    return this.options.randomInt(n)
  }

  /** A fresh cycle state sized for this profile. */
  newCycleState(): CycleState {
    const s = new CycleState()
    s.skipFilter = new Array<boolean>(this.filterPlugins.length).fill(false)
    s.skipScore = new Array<boolean>(this.scorePlugins.length).fill(false)
    return s
  }

  /** RunPreFilterPlugins. */
  runPreFilterPlugins(state: CycleState, pod: PodInfo): PreFilterOutcome {
    let result: Set<string> | undefined
    let returnStatus: Status | null = null
    const pluginsWithNodes: string[] = []
    for (const pl of this.preFilterPlugins) {
      let r: Status | PreFilterNodes | null
      try {
        r = pl.preFilter(state, pod)
      } catch (e) {
        return { status: new Status('Error', [`running PreFilter plugin "${pl.name}": ${(e as Error).message ?? e}`]).withPlugin(pl.name), pluginsWithNodes }
      }
      if (r instanceof Status) {
        if (r.code === 'Skip') {
          const i = this.filterIndex.get(pl.name)
          if (i !== undefined) state.skipFilter[i] = true
          continue
        }
        if (r.code === 'Success') continue
        r.withPlugin(pl.name)
        // An unresolvable rejection ends PreFilter at once; a resolvable one lets the rest run, for preemption.
        if (r.code === 'UnschedulableAndUnresolvable') return { status: r, pluginsWithNodes: [] }
        if (r.code === 'Unschedulable') {
          returnStatus = r
          continue
        }
        return { status: new Status('Error', [`running PreFilter plugin "${pl.name}": ${r.message()}`]).withPlugin(pl.name), pluginsWithNodes }
      }
      if (r) {
        pluginsWithNodes.push(pl.name)
        result = result ? new Set([...result].filter((n) => r.has(n))) : new Set(r)
        if (result.size === 0) {
          const names = [...pluginsWithNodes].sort()
          const msg = names.length === 1 ? `node(s) didn't satisfy plugin ${names[0]}` : `node(s) didn't satisfy plugin(s) [${names.join(' ')}] simultaneously`
          return { status: unresolvable(msg), nodes: result, pluginsWithNodes }
        }
      }
    }
    return { status: returnStatus, nodes: result, pluginsWithNodes }
  }

  /** Whether no pod is nominated to any node: Filter then runs as runFilterPlugins alone on every node. */
  noNominatedPods(): boolean {
    return this.options.noNominatedPods()
  }

  /** RunFilterPlugins: the first rejecting plugin's status (attributed to it), or null when the node fits. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const plugins = this.filterPlugins
    const skip = state.skipFilter
    for (let i = 0; i < plugins.length; i++) {
      if (skip[i]) continue
      const pl = plugins[i]
      let s: Status | null
      try {
        s = pl.filter(state, pod, node)
      } catch (e) {
        s = new Status('Error', [`running "${pl.name}" filter plugin: ${(e as Error).message ?? e}`])
      }
      if (s && s.code !== 'Success') {
        if (s.code === 'Error' || s.code === 'Skip') s = new Status('Error', [`running "${pl.name}" filter plugin: ${s.message()}`])
        return s.withPlugin(pl.name)
      }
    }
    return null
  }

  /**
   * RunFilterPluginsWithNominatedPods: first with the node's nominated pods of
   * equal or higher priority counted as placed (the pod must not take room
   * freed for them), then, if that passed, without them (affinity to them
   * must not be relied on).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const nominated = this.options.nominatedPods(node.name)
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, node)
    let added = false
    let stateToUse = state
    let nodeToUse = node
    for (const np of nominated) {
      if (np.uid === pod.uid || np.priority < pod.priority) continue
      if (!added) {
        stateToUse = state.clone()
        nodeToUse = node.clone()
        added = true
      }
      nodeToUse.addPod(np)
      this.runPreFilterAddPod(stateToUse, pod, np, nodeToUse)
    }
    const first = this.runFilterPlugins(stateToUse, pod, nodeToUse)
    if (!added || first) return first
    return this.runFilterPlugins(state, pod, node)
  }

/** RunPreFilterExtensionAddPod, on every PreFilter plugin that was not skipped. */
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    for (const pl of this.preFilterPlugins) {
      const i = this.filterIndex.get(pl.name)
      if (i !== undefined && state.skipFilter[i]) continue
      pl.addPod?.(state, pod, added, node)
    }
  }

/** RunPreFilterExtensionRemovePod. */
  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void {
    for (const pl of this.preFilterPlugins) {
      const i = this.filterIndex.get(pl.name)
      if (i !== undefined && state.skipFilter[i]) continue
      pl.removePod?.(state, pod, removed, node)
    }
  }

  /** RunPreScorePlugins: a Skip skips that plugin's Score; an Error stops scheduling the pod. */
  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    for (const pl of this.preScorePlugins) {
      const s = pl.preScore(state, pod, nodes)
      if (!s || s.code === 'Success') continue
      if (s.code === 'Skip') {
        const i = this.scoreIndex.get(pl.name)
        if (i !== undefined) state.skipScore[i] = true
        continue
      }
      return new Status('Error', [`running PreScore plugin "${pl.name}": ${s.message()}`]).withPlugin(pl.name)
    }
    return null
  }

  /** RunScorePlugins: per-plugin scores, normalized, checked to be within 0..100, weighted and summed. */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): ScoreTable {
    // A spare table's lists are refilled: the names and totals from the start, a score list per plugin that scores.
    const table = this.spareTables.pop() ?? { plugins: [], scores: [], totals: [] }
    table.plugins.length = 0
    table.totals.length = nodes.length
    table.totals.fill(0)
    let scored = 0
    for (let p = 0; p < this.scorePlugins.length; p++) {
      if (state.skipScore[p]) continue
      const { plugin, weight } = this.scorePlugins[p]
      const scores = scored < table.scores.length ? table.scores[scored] : []
      scores.length = nodes.length
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i])
      plugin.normalizeScore?.(state, pod, scores, nodes)
      for (let i = 0; i < nodes.length; i++) {
        const s = scores[i]
        if (s > maxNodeScore || s < 0) {
          throw new Error(`plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [0, ${maxNodeScore}] after normalizing`)
        }
        scores[i] = s * weight
        table.totals[i] += scores[i]
      }
      table.plugins.push(plugin.name)
      table.scores[scored++] = scores
    }
    table.scores.length = scored
    return table
  }

  /**
   * Hands a table back for the next attempts to fill: one a scheduled pod's
   * annotation was written from, once nothing reads it (a table per attempt,
   * ~420 scored nodes by several plugins, was the scheduler's biggest
   * allocation). Its lists change with the next attempt that takes it.
   */
  releaseScoreTable(table: ScoreTable): void {
    if (this.spareTables.length < maxSpareTables) this.spareTables.push(table)
  }

  /** A list of `length` slots for an attempt's feasible nodes: one handed back by an earlier attempt (its old items to be overwritten), or a new one. */
  takeNodeList(length: number): NodeInfo[] {
    const list = this.spareNodeLists.pop()
    if (!list) return new Array<NodeInfo>(length)
    list.length = length
    return list
  }

  /** Hands a feasible-node list back, as releaseScoreTable does a table (the ~420 nodes a cycle finds were a new list each time). */
  releaseNodeList(list: NodeInfo[]): void {
    if (this.spareNodeLists.length < maxSpareTables) this.spareNodeLists.push(list)
  }

  /** RunPostFilterPlugins: the first plugin that makes the pod schedulable wins; otherwise the last status. */
  runPostFilterPlugins(state: CycleState, pod: PodInfo, diagnosis: Diagnosis): PostFilterResult | undefined {
    let last: PostFilterResult | undefined
    for (const pl of this.postFilterPlugins) {
      const r = pl.postFilter(state, pod, diagnosis)
      r.status.withPlugin(pl.name)
      if (r.status.code === 'Success') return r
      last = r
      if (r.status.code === 'Error') return r
    }
    return last
  }

  /** The filter plugins that run for this cycle (those not skipped by their PreFilter), in order. */
  activeFilterPlugins(state: CycleState): string[] {
    return this.filterPlugins.filter((_, i) => !state.skipFilter[i]).map((p) => p.name)
  }
}
