import type { CertificateRequest } from '../../registry/validation/certificate-request'

/**
 * What each in-tree signer accepts (the signer's isRequestForSignerFn and
 * pkg/apis/certificates helpers): for a signer it serves, '' when the request
 * may be signed or the reason it may not (the Failed condition's message);
 * undefined for a signer it does not serve.
 */

export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client'
export const KUBE_APISERVER_CLIENT_KUBELET = 'kubernetes.io/kube-apiserver-client-kubelet'
export const KUBELET_SERVING = 'kubernetes.io/kubelet-serving'

/** validAPIServerClientUsages: client auth required; digital signature and key encipherment allowed. */
function apiServerClientProblem(usages: readonly string[]): string {
  let clientAuth = false
  for (const u of usages) {
    if (u === 'client auth') clientAuth = true
    else if (u !== 'digital signature' && u !== 'key encipherment') return `invalid usage for client certificate: ${u}`
  }
  return clientAuth ? '' : 'missing required usage for client certificate: client auth'
}

const sameSet = (usages: readonly string[], wanted: readonly string[]): boolean => {
  const set = new Set(usages)
  return set.size === wanted.length && wanted.every((w) => set.has(w))
}

/** Go's fmt of a sorted string set: `[a b c]`. */
const listed = (values: readonly string[]): string => `[${[...values].sort().join(' ')}]`

const kubeletClientUsages = ['client auth', 'digital signature', 'key encipherment']
const kubeletServingUsages = ['digital signature', 'key encipherment', 'server auth']
const isSystemNodes = (req: CertificateRequest): boolean => req.organizations.length === 1 && req.organizations[0] === 'system:nodes'

/** ValidateKubeletClientCSR. */
function kubeletClientProblem(req: CertificateRequest, usages: readonly string[]): string {
  if (!isSystemNodes(req)) return 'subject organization is not system:nodes'
  if (req.dnsNames.length) return 'DNS subjectAltNames are not allowed'
  if (req.emailAddresses.length) return 'Email subjectAltNames are not allowed'
  if (req.ipAddresses.length) return 'IP subjectAltNames are not allowed'
  if (req.uris.length) return 'URI subjectAltNames are not allowed'
  if (!req.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:'
  if (!sameSet(usages, kubeletClientUsages) && !sameSet(usages, ['client auth', 'digital signature'])) return `usages did not match ${listed(kubeletClientUsages)}`
  return ''
}

/** ValidateKubeletServingCSR. */
function kubeletServingProblem(req: CertificateRequest, usages: readonly string[]): string {
  if (!isSystemNodes(req)) return 'subject organization is not system:nodes'
  if (!req.dnsNames.length && !req.ipAddresses.length) return 'DNS or IP subjectAltName is required'
  if (req.emailAddresses.length) return 'Email subjectAltNames are not allowed'
  if (req.uris.length) return 'URI subjectAltNames are not allowed'
  if (!sameSet(usages, kubeletServingUsages) && !sameSet(usages, ['digital signature', 'server auth'])) return `usages did not match ${listed(kubeletServingUsages)}`
  if (!req.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:'
  return ''
}

export function signerProblem(signerName: string, req: CertificateRequest, usages: readonly string[]): string | undefined {
  switch (signerName) {
    case KUBE_APISERVER_CLIENT:
      return apiServerClientProblem(usages)
    case KUBE_APISERVER_CLIENT_KUBELET:
      return kubeletClientProblem(req, usages)
    case KUBELET_SERVING:
      return kubeletServingProblem(req, usages)
    default:
      return undefined
  }
}
