import type { IncomingMessage } from 'node:http'
import type { Requester } from '../registry/types'
import type { RequestAttributes } from './rbac/rule-resolver'

/**
 * User impersonation (`kubectl --as=jane --as-group=dev`,
 * `--as=system:serviceaccount:default:app`), as kube-apiserver's
 * impersonation filter does it: the caller must be allowed to `impersonate`
 * the user (or the service account, in its namespace) and each group
 * (impersonationChecks); the request then acts as the user named in
 * `Impersonate-User`, in the `Impersonate-Group` groups (a service account
 * impersonated without groups gets its fixed ones) plus system:authenticated.
 */

const serviceAccountPrefix = 'system:serviceaccount:'

/** `system:serviceaccount:<namespace>:<name>` split, or undefined for another user name. */
function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountPrefix)) return undefined
  const [namespace, name, ...rest] = username.slice(serviceAccountPrefix.length).split(':')
  return namespace && name && !rest.length ? { namespace, name } : undefined
}

/** What the caller must be allowed for the request's impersonation headers: `impersonate` on users or serviceaccounts, and on groups. */
export function impersonationChecks(req: IncomingMessage): RequestAttributes[] {
  const name = header(req, 'impersonate-user')
  if (name === undefined) return []
  const check = (resource: string, objectName: string, namespace = ''): RequestAttributes => ({ resourceRequest: true, verb: 'impersonate', group: '', resource, subresource: '', name: objectName, namespace })
  const sa = serviceAccountOf(name)
  return [sa ? check('serviceaccounts', sa.name, sa.namespace) : check('users', name), ...groupsOf(req).map((g) => check('groups', g))]
}

/** Who the request acts as. */
export function effectiveRequester(req: IncomingMessage, user: Requester): Requester {
  const name = header(req, 'impersonate-user')
  if (name === undefined) return user
  const groups = groupsOf(req)
  const sa = serviceAccountOf(name)
  if (sa && !groups.length) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`)
  // The filter adds system:authenticated to every impersonated user but system:anonymous.
  if (name !== 'system:anonymous' && !groups.includes('system:authenticated')) groups.push('system:authenticated')
  return { username: name, groups }
}

function groupsOf(req: IncomingMessage): string[] {
  return (req.headersDistinct['impersonate-group'] ?? []).filter((g) => g !== '')
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return typeof v === 'string' && v !== '' ? v : undefined
}
