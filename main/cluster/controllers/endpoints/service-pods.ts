import type { Pod, Service } from 'kubernetes-types/core/v1'
import { IndexNames, labelIndexValue } from '../../client/indexer-builtins'
import { keyOf } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'

/**
 * Services and their pods, both ways, through the informers' indexes: a
 * Service's pods come from the label index (the smallest bucket among its
 * selector's pairs), and a pod's Services from the Services of its
 * namespace. Nothing scans every pod.
 */

/** The Service's selector, or undefined when it has none (then no controller writes its endpoints). */
export function serviceSelector(svc: Service): Record<string, string> | undefined {
  const sel = svc.spec?.selector
  // An empty selector is stored as none in Kubernetes (omitempty), so it selects nothing here either.
  return sel && Object.keys(sel).length > 0 ? sel : undefined
}

/** Whether every selector pair is among the labels (labels.SelectorFromSet). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  // for-in: no list of pairs allocated per pod (a sync of a 1,000-pod Service checks them all).
  for (const k in selector) if (labels?.[k] !== selector[k]) return false
  return true
}

/** The pods the Service selects, in its namespace. */
export function selectedPods(pods: Informer<Pod>, svc: Service): Pod[] {
  const selector = serviceSelector(svc)
  if (!selector) return []
  const namespace = svc.metadata?.namespace ?? ''
  let smallest: Pod[] | undefined
  for (const [k, v] of Object.entries(selector)) {
    const bucket = pods.byIndex(IndexNames.label, labelIndexValue(k, v))
    if (!smallest || bucket.length < smallest.length) smallest = bucket
  }
  const selected: Pod[] = []
  for (const pod of smallest ?? []) if (pod.metadata?.namespace === namespace && selectorMatches(selector, pod.metadata.labels)) selected.push(pod)
  return selected
}

/** Keys of the Services in the pod's namespace whose selector matches it. */
export function servicesForPod(services: Informer<Service>, pod: Pod): string[] {
  const namespace = pod.metadata?.namespace ?? ''
  return services
    .byIndex(IndexNames.namespace, namespace)
    .filter((svc) => {
      const selector = serviceSelector(svc)
      return selector !== undefined && selectorMatches(selector, pod.metadata?.labels)
    })
    .map((svc) => keyOf(namespace, svc.metadata?.name ?? ''))
}
