import type { TokenRequest } from 'kubernetes-types/authentication/v1'
import { badRequest, conflict, invalid, methodNotAllowed, notFound } from '../../apimachinery/errors'
import type { FieldError } from '../../apimachinery/field-errors'
import { rfc3339 } from '../../clock/format'
import type { SubresourceHandler } from '../api-handler'
import { decodeBody, readBody, requireObject } from '../body'
import { writeJSON } from '../respond'
import { API_AUDIENCE, getObject, type ClaimRef, type KubernetesClaim, type ServiceAccountTokens } from '../service-account-tokens'
import type { RequestContext } from './context'

/** spec.expirationSeconds when the request leaves it out (SetDefaults_TokenRequestSpec). */
const DEFAULT_EXPIRATION_SECONDS = 3600
const MIN_EXPIRATION_SECONDS = 600
const MAX_EXPIRATION_SECONDS = 2 ** 32
const TOKEN_REQUEST = { group: 'authentication.k8s.io', kind: 'TokenRequest' }

/**
 * POST serviceaccounts/<name>/token with an authentication.k8s.io/v1
 * TokenRequest (what `kubectl create token` sends), as
 * pkg/registry/core/serviceaccount/storage/token.go serves it: 201 with the
 * request, defaulted, and status.token, a signed JWT for the service account,
 * optionally bound to a Pod, Secret or Node that must exist with the given uid.
 */
export function tokenRequestSubresource(tokens: ServiceAccountTokens): SubresourceHandler {
  return {
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
    verbs: ['create'],
    async handle(ctx) {
      if (ctx.info.verb !== 'create') throw methodNotAllowed()
      const request = await readTokenRequest(ctx)
      const namespace = ctx.info.namespace ?? 'default'
      const name = ctx.info.name!
      // Throws the real 404 (`serviceaccounts "x" not found`) when there is no such service account.
      const sa = ctx.rs.get(namespace, name)
      const spec = request.spec
      const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS
      const errors = validate(expirationSeconds)
      if (errors.length) throw invalid(TOKEN_REQUEST, '', errors)
      const audiences = spec.audiences?.length ? spec.audiences : [API_AUDIENCE]
      const claim: KubernetesClaim = { namespace, serviceaccount: { name, uid: sa.metadata!.uid! } }
      if (spec.boundObjectRef) bind(ctx, claim, spec.boundObjectRef)
      const { token, claims } = await tokens.issue({ audiences, expirationSeconds, kubernetes: claim })
      const out: TokenRequest = {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { ...request.metadata, name, namespace, creationTimestamp: null as unknown as undefined },
        // In the Go struct's field order; boundObjectRef has no omitempty.
        spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? (null as unknown as undefined) },
        status: { token, expirationTimestamp: rfc3339(claims.exp * 1000) }
      }
      writeJSON(ctx.res, 201, out)
    }
  }
}

async function readTokenRequest(ctx: RequestContext): Promise<TokenRequest> {
  const body = await readBody(ctx.req)
  if (body.length === 0) throw badRequest('Object cannot be decoded: the body is empty')
  const obj = requireObject(decodeBody(body, ctx.req.headers['content-type'])) as unknown as TokenRequest
  if (obj.kind !== undefined && obj.kind !== 'TokenRequest') throw badRequest(`Object kind ${String(obj.kind)} is not TokenRequest`)
  const spec = (obj.spec ?? {}) as TokenRequest['spec']
  if (typeof spec !== 'object' || Array.isArray(spec)) throw badRequest('spec must be an object')
  if (spec.audiences !== undefined && spec.audiences !== null && !(Array.isArray(spec.audiences) && spec.audiences.every((a) => typeof a === 'string'))) {
    throw badRequest('spec.audiences must be a list of strings')
  }
  const seconds = spec.expirationSeconds
  if (seconds !== undefined && seconds !== null && !Number.isInteger(seconds)) throw badRequest('spec.expirationSeconds must be an integer')
  return { ...obj, metadata: obj.metadata ?? {}, spec: { ...spec, expirationSeconds: seconds ?? undefined } }
}

/** ValidateTokenRequest. */
function validate(expirationSeconds: number): FieldError[] {
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    return [{ type: 'FieldValueInvalid', field: 'spec.expirationSeconds', badValue: expirationSeconds, detail: 'may not specify a duration less than 10 minutes' }]
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    return [{ type: 'FieldValueInvalid', field: 'spec.expirationSeconds', badValue: expirationSeconds, detail: 'may not specify a duration larger than 2^32 seconds' }]
  }
  return []
}

/** Adds the bound object (and, for a pod, its node) to the claim, after checking it exists with the referenced uid. */
function bind(ctx: RequestContext, claim: KubernetesClaim, ref: NonNullable<TokenRequest['spec']['boundObjectRef']>): void {
  const kind = ref.kind ?? ''
  const apiVersion = ref.apiVersion ?? ''
  const name = ref.name ?? ''
  const plural = apiVersion === 'v1' ? { Pod: 'pods', Secret: 'secrets', Node: 'nodes' }[kind] : undefined
  if (!plural) throw badRequest(`cannot bind token to object of type ${gvkString(apiVersion, kind)}`)
  const namespace = kind === 'Node' ? undefined : claim.namespace
  const obj = getObject(ctx.resources, '', plural, namespace, name)
  if (!obj) throw notFound({ group: '', resource: plural }, name)
  const uid = obj.metadata!.uid!
  if (ref.uid && ref.uid !== uid) {
    throw conflict({ group: '', resource: kind }, name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`)
  }
  const bound: ClaimRef = { name, uid }
  if (kind === 'Pod') {
    const spec = (obj as { spec?: { serviceAccountName?: string; nodeName?: string } }).spec
    if (spec?.serviceAccountName !== claim.serviceaccount.name) {
      throw badRequest(`cannot bind token for serviceaccount ${JSON.stringify(claim.serviceaccount.name)} to pod running with different serviceaccount name.`)
    }
    claim.pod = bound
    // ServiceAccountTokenPodNodeInfo: a pod-bound token also names the pod's node when it has one.
    const node = spec.nodeName ? getObject(ctx.resources, '', 'nodes', undefined, spec.nodeName) : undefined
    if (node) claim.node = { name: spec.nodeName!, uid: node.metadata!.uid! }
  } else if (kind === 'Secret') {
    claim.secret = bound
  } else {
    claim.node = bound
  }
}

/** schema.GroupVersionKind's String(): `/v1, Kind=ConfigMap`, `apps/v1, Kind=Deployment`. */
function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/')
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)]
  return `${group}/${version}, Kind=${kind}`
}
