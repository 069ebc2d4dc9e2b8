import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { effectiveRequester, impersonationChecks } from '../../../main/cluster/apiserver/impersonation'
import { Authorizer } from '../../../main/cluster/apiserver/rbac/authorizer'
import { forbiddenError } from '../../../main/cluster/apiserver/authorization'

/** A request with kubectl's impersonation headers (`--as`, `--as-group` repeated). */
function request(user?: string, groups: string[] = []): IncomingMessage {
  const headers: Record<string, string> = user === undefined ? {} : { 'impersonate-user': user }
  return { headers, headersDistinct: groups.length ? { 'impersonate-group': groups } : {} } as unknown as IncomingMessage
}

const caller = { username: 'system:serviceaccount:default:app', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] }

describe('impersonation', () => {
  it('needs impersonate on the user, or on the service account in its namespace, and on each group', () => {
    expect(impersonationChecks(request())).toEqual([])
    expect(impersonationChecks(request('jane', ['dev']))).toEqual([
      { resourceRequest: true, verb: 'impersonate', group: '', resource: 'users', subresource: '', name: 'jane', namespace: '' },
      { resourceRequest: true, verb: 'impersonate', group: '', resource: 'groups', subresource: '', name: 'dev', namespace: '' }
    ])
    expect(impersonationChecks(request('system:serviceaccount:kube-system:builder'))).toEqual([
      { resourceRequest: true, verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name: 'builder', namespace: 'kube-system' }
    ])
  })

  it("acts as the user in the given groups plus system:authenticated; a service account without groups gets its own", () => {
    expect(effectiveRequester(request('jane', ['dev']), caller)).toEqual({ username: 'jane', groups: ['dev', 'system:authenticated'] })
    expect(effectiveRequester(request('system:serviceaccount:shop:api'), caller)).toEqual({
      username: 'system:serviceaccount:shop:api',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated']
    })
    expect(effectiveRequester(request(), caller)).toBe(caller)
  })

  it('a caller without the right is refused with the filter message; system:masters may', () => {
    const authorizer = new Authorizer({ clusterRoleBindings: () => [], roleBindings: () => [], clusterRole: () => undefined, role: () => undefined })
    const [users] = impersonationChecks(request('admin', ['system:masters']))
    const decision = authorizer.authorize(caller, users)
    expect(decision.allowed).toBe(false)
    expect(forbiddenError(caller, users, decision.reason).status.message).toBe(
      'users "admin" is forbidden: User "system:serviceaccount:default:app" cannot impersonate resource "users" in API group "" at the cluster scope'
    )
    expect(authorizer.authorize({ username: 'kubelab-admin', groups: ['system:masters'] }, users).allowed).toBe(true)
  })
})
