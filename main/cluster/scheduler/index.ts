/**
 * The scheduler: kube-scheduler's framework, default plugins and queue over
 * an incrementally kept cache, as a cluster component (schedulerComponent)
 * and as a pure core usable without the API (Scheduler), for benchmarks.
 */
export { schedulerComponent, SchedulerComponent } from './component/scheduler-component'
export { Scheduler, type SchedulerOptions } from './core/scheduler'
export type { Outcome, Scheduled, Unschedulable, SchedulingError, AttemptRecord } from './core/outcome'
export { buildSchedulingResult, schedulingResultAnnotation, type SchedulingResult } from './core/scheduling-result'
export { PodInfo } from './cache/pod-info'
export { NodeInfo } from './cache/node-info'
export { SchedulerCache } from './cache/cache'
export { Registry } from './framework/registry'
export { Framework, type Profile, type PluginSpec } from './framework/framework'
export { Status, unschedulable, unresolvable, type Code } from './framework/status'
export { Diagnosis, fitErrorMessage, errNoNodesAvailable } from './framework/fit-error'
export { numFeasibleNodesToFind } from './framework/feasible-nodes'
export type { Plugin, PluginFactory, FilterPlugin, ScorePlugin, PreFilterPlugin, PreScorePlugin, PostFilterPlugin, Handle, Listers } from './framework/interface'
export { emptyListers, maxNodeScore } from './framework/interface'
export { inTreeRegistry, defaultProfile, defaultSchedulerName } from './plugins'
