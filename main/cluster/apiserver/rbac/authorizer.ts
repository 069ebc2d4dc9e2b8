import type { PolicyRule } from 'kubernetes-types/rbac/v1'
import type { Requester } from '../../registry/types'
import { type RBACObjects, type RequestAttributes, ruleAllows, visitRulesFor } from './rule-resolver'

/**
 * kube-apiserver's authorizer chain as kubeadm and kind configure it, minus
 * the Node authorizer (the simulated kubelets are in-process): the
 * privileged-group authorizer lets system:masters do anything, with no
 * reason; then RBAC allows what some bound rule allows, with the binding as
 * the reason, and otherwise has no opinion, which denies.
 */

export const mastersGroup = 'system:masters'

/** An authorizer's answer, as the SubjectAccessReview status carries it. */
export interface Decision {
  allowed: boolean
  /** `RBAC: allowed by ClusterRoleBinding "..."`; on a denial, the bindings whose roles were missing. */
  reason: string
}

/** What RulesFor answers (SelfSubjectRulesReview status). */
export interface UserRules {
  resourceRules: PolicyRule[]
  nonResourceRules: PolicyRule[]
  /** The errors met on the way (roles that do not exist), as one message; '' when none. */
  evaluationError: string
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several in brackets. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)]
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`
}

export class Authorizer {
  constructor(private readonly objects: RBACObjects) {}

  /** Whether user may do what attrs describe. */
  authorize(user: Requester, attrs: RequestAttributes): Decision {
    if (user.groups.includes(mastersGroup)) return { allowed: true, reason: '' }
    const namespace = attrs.resourceRequest ? attrs.namespace : ''
    let reason = ''
    const errors: string[] = []
    visitRulesFor(this.objects, user, namespace, (source, rule, err) => {
      if (err) errors.push(err)
      if (source && rule && ruleAllows(attrs, rule)) {
        reason = `RBAC: allowed by ${source.describe()}`
        return false
      }
      return true
    })
    if (reason) return { allowed: true, reason }
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' }
  }

  /** Every rule bound to user in namespace, split into resource and non-resource rules. */
  rulesFor(user: Requester, namespace: string): UserRules {
    const out: UserRules = { resourceRules: [], nonResourceRules: [], evaluationError: '' }
    const errors: string[] = []
    visitRulesFor(this.objects, user, namespace, (_source, rule, err) => {
      if (err) errors.push(err)
      if (rule?.resources?.length) out.resourceRules.push(rule)
      if (rule?.nonResourceURLs?.length) out.nonResourceRules.push(rule)
      return true
    })
    if (errors.length) out.evaluationError = aggregate(errors)
    return out
  }
}
