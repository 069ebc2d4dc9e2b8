import type { Namespace } from 'kubernetes-types/core/v1'
import type { NetworkPolicy } from 'kubernetes-types/networking/v1'
import { IndexNames } from '../../client/indexer-builtins'
import type { Informer } from '../../client/informer'
import type { PolicySource } from './types'

/** Policies and namespaces from shared informers (policies looked up through the namespace index). */
export function informerPolicySource(policies: Informer<NetworkPolicy>, namespaces: Informer<Namespace>): PolicySource {
  return {
    policiesIn: (namespace) => policies.byIndex(IndexNames.namespace, namespace),
    namespaceLabels: (namespace) => {
      const ns = namespaces.get(namespace)
      return ns ? (ns.metadata?.labels ?? {}) : undefined
    }
  }
}

/** Policies and namespaces from plain lists (tests, one-off evaluations). */
export function listPolicySource(policies: readonly NetworkPolicy[], namespaces: readonly Namespace[]): PolicySource {
  return {
    policiesIn: (namespace) => policies.filter((p) => (p.metadata?.namespace ?? 'default') === namespace),
    namespaceLabels: (namespace) => {
      const ns = namespaces.find((n) => n.metadata?.name === namespace)
      return ns ? (ns.metadata?.labels ?? {}) : undefined
    }
  }
}
