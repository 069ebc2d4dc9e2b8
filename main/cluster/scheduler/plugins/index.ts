import { Registry } from '../framework/registry'
import type { Profile } from '../framework/framework'
import * as nodeUnschedulable from './node-unschedulable'
import * as nodeName from './node-name'
import * as taintToleration from './taint-toleration'
import * as nodeAffinity from './node-affinity'
import * as nodePorts from './node-ports'
import * as nodeResourcesFit from './node-resources-fit'
import * as volumeBinding from './volume-binding'
import * as podTopologySpread from './pod-topology-spread'
import * as interPodAffinity from './inter-pod-affinity'
import * as defaultPreemption from './default-preemption'
import * as balancedAllocation from './balanced-allocation'

/** The in-tree plugins (plugins.NewInTreeRegistry, the ones Kubelab implements). */
export function inTreeRegistry(): Registry {
  const r = new Registry()
  for (const p of [
    nodeUnschedulable,
    nodeName,
    taintToleration,
    nodeAffinity,
    nodePorts,
    nodeResourcesFit,
    volumeBinding,
    podTopologySpread,
    interPodAffinity,
    defaultPreemption,
    balancedAllocation
  ]) {
    r.register(p.name, p.factory)
  }
  return r
}

/** The scheduler name pods get by default, and the one this profile serves. */
export const defaultSchedulerName = 'default-scheduler'

/**
 * The default profile (getDefaultPlugins for v1 config), in kube-scheduler's
 * order, which is also the order filters run in, with its score weights.
 */
export const defaultProfile: Profile = {
  schedulerName: defaultSchedulerName,
  plugins: [
    { name: nodeUnschedulable.name },
    { name: nodeName.name },
    { name: taintToleration.name, weight: 3 },
    { name: nodeAffinity.name, weight: 2 },
    { name: nodePorts.name },
    { name: nodeResourcesFit.name, weight: 1 },
    { name: volumeBinding.name },
    { name: podTopologySpread.name, weight: 2 },
    { name: interPodAffinity.name, weight: 2 },
    { name: defaultPreemption.name },
    { name: balancedAllocation.name, weight: 1 }
  ]
}
