import type { IncomingMessage } from 'node:http'
import type { Requester } from '../registry/types'

/**
 * User impersonation (`kubectl --as=jane --as-group=dev`): the request acts
 * as the user named in `Impersonate-User`, in the `Impersonate-Group`
 * groups plus system:authenticated, as kube-apiserver's impersonation filter
 * builds it. Kubelab authorizes every authenticated user for everything, so
 * whoever may call the API may also impersonate; what changes is who the
 * reviews (`kubectl auth whoami`) say is asking.
 */
export function effectiveRequester(req: IncomingMessage, user: Requester): Requester {
  const name = header(req, 'impersonate-user')
  if (name === undefined) return user
  const groups = (req.headersDistinct['impersonate-group'] ?? []).filter((g) => g !== '')
  // The filter adds system:authenticated to every impersonated user but system:anonymous.
  if (name !== 'system:anonymous' && !groups.includes('system:authenticated')) groups.push('system:authenticated')
  return { username: name, groups }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return typeof v === 'string' && v !== '' ? v : undefined
}
