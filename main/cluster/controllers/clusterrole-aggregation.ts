import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1'
import { isNotFound } from '../apimachinery/errors'
import { labelSelectorFromObject } from '../apimachinery/label-selector'
import { deepEqual } from '../apimachinery/validation'
import { Controller } from '../client/controller'
import type { Informer } from '../client/informer'
import type { Component, ComponentFactory } from '../component'

/**
 * The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation):
 * a ClusterRole with an aggregationRule gets, as its rules, the rules of
 * every other ClusterRole its selectors match, so labelling a role
 * `rbac.authorization.k8s.io/aggregate-to-view: "true"` extends `view` (and,
 * through it, `edit` and `admin`). Any ClusterRole change may change what an
 * aggregated role should hold, so each change enqueues every aggregated role.
 */

const clusterRolesGVR = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' }
const controllerName = 'clusterrole-aggregation-controller'

/** The rules role should hold: each matching role's (by name, once per selector) rules, without exact repeats. */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] {
  const rules: PolicyRule[] = []
  for (const sel of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const selector = labelSelectorFromObject(sel)
    const matched = all
      .filter((r) => r.metadata?.name !== role.metadata?.name && selector.matches(r.metadata?.labels ?? {}))
      .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))
    for (const r of matched) for (const rule of r.rules ?? []) if (!rules.some((x) => deepEqual(x, rule))) rules.push(rule)
  }
  return rules
}

async function syncClusterRole(roles: Informer<ClusterRole>, update: (role: ClusterRole) => Promise<unknown>, name: string): Promise<void> {
  const role = roles.getByName(undefined, name)
  if (!role?.aggregationRule) return
  const rules = aggregatedRules(role, roles.list())
  if (deepEqual(rules, role.rules ?? [])) return
  try {
    await update({ ...structuredClone(role), rules })
  } catch (e) {
    // Deleted meanwhile: nothing to aggregate into.
    if (!isNotFound(e)) throw e
  }
}

export const clusterRoleAggregationComponent: ComponentFactory = (ctx): Component => {
  const roles = ctx.informers.informerFor<ClusterRole>(clusterRolesGVR)
  const client = ctx.client.resource<ClusterRole>(clusterRolesGVR)
  const controller = new Controller(
    {
      name: controllerName,
      watches: [
        {
          resource: clusterRolesGVR,
          keys: (changed) => [...new Set([changed as ClusterRole, ...roles.list()].filter((r) => r.aggregationRule).map((r) => r.metadata?.name ?? ''))]
        }
      ],
      reconcile: (key) => syncClusterRole(roles, (role) => client.update(role), key)
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return { name: controllerName, start: () => controller.start(), stop: () => controller.stop() }
}
