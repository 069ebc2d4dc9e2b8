import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2'
import type { Pod } from 'kubernetes-types/core/v1'
import { ControllerComponent } from '../../client/controller-component'
import { IndexNames } from '../../client/indexer-builtins'
import { splitKey } from '../../client/indexer-keys'
import type { Component, ComponentFactory } from '../../component'
import { newScalingMemory, type ScalingMemory } from './normalize'
import { reconcileAutoscaler } from './reconcile'

/**
 * The HorizontalPodAutoscaler controller (kube-controller-manager's
 * `horizontalpodautoscaling`): every HPA is reconciled when it changes and
 * again every sync period (15 s), reading its target's scale and its pods'
 * resource metrics from metrics.k8s.io.
 */

/** --horizontal-pod-autoscaler-sync-period. */
export const hpaSyncPeriodMs = 15_000

const hpaGVR = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }

export const horizontalPodAutoscalerComponent: ComponentFactory = (ctx): Component => {
  const component = new ControllerComponent(ctx, 'horizontal-pod-autoscaler')
  const hpas = component.informer<HorizontalPodAutoscaler>(hpaGVR)
  const pods = component.informer<Pod>(podsGVR)
  /** Recommendations and scale events per HPA key: the controller's memory, lost on restart as in Kubernetes. */
  const memory = new Map<string, ScalingMemory>()
  component.controller({
    watches: [{ resource: hpaGVR }],
    async reconcile(key) {
      const { namespace, name } = splitKey(key)
      const hpa = hpas.getByName(namespace, name)
      if (!hpa) {
        memory.delete(key)
        return
      }
      if (!memory.has(key)) memory.set(key, newScalingMemory())
      await reconcileAutoscaler(structuredClone(hpa), {
        client: ctx.client,
        clock: ctx.clock,
        recorder: component.events,
        metrics: ctx.metrics,
        podsIn: (ns) => pods.byIndex(IndexNames.namespace, ns),
        memory: memory.get(key)!
      })
      return { requeueAfter: hpaSyncPeriodMs }
    }
  })
  return component
}
