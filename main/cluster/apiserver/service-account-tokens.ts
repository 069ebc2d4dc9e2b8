import { createHash, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto'
import type { KubeObject } from '../apimachinery/types'
import type { Clock } from '../clock/types'
import type { Resources } from '../registry/resources'
import type { User } from './authn'

/**
 * Service account tokens as kube-apiserver issues and checks them
 * (pkg/serviceaccount/jwt.go and claims.go): RS256 JWTs whose claims name the
 * service account (and the object the token is bound to), verified by
 * signature, time against the cluster clock, audience, and the continued
 * existence of the service account and bound object with the same uid.
 */

/** The issuer and default audience: kubeadm's --service-account-issuer, kube-apiserver's --api-audiences default. */
export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local'
const ISSUER = API_AUDIENCE
/** go-jose's default leeway when checking exp, nbf and iat. */
const LEEWAY_SECONDS = 60
const SA_PREFIX = 'system:serviceaccount:'

/** A name and uid, as the `kubernetes.io` claim refers to objects. */
export interface ClaimRef {
  name: string
  uid: string
}

/** The private `kubernetes.io` claim. */
export interface KubernetesClaim {
  namespace: string
  serviceaccount: ClaimRef
  pod?: ClaimRef
  secret?: ClaimRef
  node?: ClaimRef
}

/** The claims of a service account token (public claims as in RFC 7519). */
export interface TokenClaims {
  aud: string[]
  exp: number
  iat: number
  iss: string
  jti: string
  'kubernetes.io': KubernetesClaim
  nbf: number
  sub: string
}

/** What a token is issued for. */
export interface TokenSpec {
  audiences: string[]
  expirationSeconds: number
  kubernetes: KubernetesClaim
}

/** The claims of a new token issued at `nowMs`, as claims.go's Claims() makes them. */
export function newClaims(spec: TokenSpec, nowMs: number): TokenClaims {
  const now = Math.floor(nowMs / 1000)
  const k = spec.kubernetes
  // Keys in go-jose's (alphabetical) order, so the payload reads as a real one.
  return {
    aud: spec.audiences,
    exp: now + spec.expirationSeconds,
    iat: now,
    iss: ISSUER,
    jti: randomUUID(),
    'kubernetes.io': {
      namespace: k.namespace,
      ...(k.node ? { node: k.node } : {}),
      ...(k.pod ? { pod: k.pod } : {}),
      ...(k.secret ? { secret: k.secret } : {}),
      serviceaccount: k.serviceaccount
    },
    nbf: now,
    sub: `${SA_PREFIX}${k.namespace}:${k.serviceaccount.name}`
  }
}

/** Signs claims as a compact RS256 JWS, with jwt.go's key id (SHA-256 of the public key's DER, base64url). */
export function signToken(claims: TokenClaims, key: KeyObject): string {
  const header = { alg: 'RS256', kid: keyId(key) }
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`
}

/**
 * The claims of a token this key signed, checked for issuer and time against
 * `nowMs`; undefined for anything else (another issuer's JWT, a bad
 * signature, expired, not yet valid, malformed).
 */
export function verifyToken(token: string, key: KeyObject, nowMs: number): TokenClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const header = parseJSON(parts[0])
  if (!header || header.alg !== 'RS256') return undefined
  const signature = Buffer.from(parts[2], 'base64url')
  if (!verifies(`${parts[0]}.${parts[1]}`, key, signature)) return undefined
  const claims = parseJSON(parts[1]) as TokenClaims | undefined
  if (!claims || claims.iss !== ISSUER || typeof claims.sub !== 'string' || !claims.sub.startsWith(SA_PREFIX)) return undefined
  const k = claims['kubernetes.io']
  if (!k || typeof k.namespace !== 'string' || !k.serviceaccount || typeof k.serviceaccount.name !== 'string') return undefined
  const now = Math.floor(nowMs / 1000)
  if (typeof claims.exp !== 'number' || now > claims.exp + LEEWAY_SECONDS) return undefined
  if (typeof claims.nbf === 'number' && now < claims.nbf - LEEWAY_SECONDS) return undefined
  if (typeof claims.iat === 'number' && now < claims.iat - LEEWAY_SECONDS) return undefined
  return claims
}

/**
 * A cluster's token issuer and authenticator: signs with the service account
 * key and authenticates a bearer token as its service account while the
 * service account (and bound object) still exist with the uids it names.
 */
export class ServiceAccountTokens {
  private key: KeyObject | undefined
  private creating: Promise<KeyObject> | undefined

  /**
   * `key` is the signing key when one exists already (kept from an earlier
   * run); otherwise `createKey` makes it when the first token is issued (no
   * token verifies before, as none was issued).
   */
  constructor(
    private readonly resources: Resources,
    private readonly clock: Clock,
    keys: { key?: KeyObject; createKey: () => Promise<KeyObject> }
  ) {
    this.key = keys.key
    this.createKey = keys.createKey
  }

  private readonly createKey: () => Promise<KeyObject>

  /** A signed token for the spec, issued now on the cluster clock, and its claims. */
  async issue(spec: TokenSpec): Promise<{ token: string; claims: TokenClaims }> {
    if (!this.key) {
      this.creating ??= this.createKey()
      this.key = await this.creating
    }
    const claims = newClaims(spec, this.clock.now())
    return { token: signToken(claims, this.key), claims }
  }

  /** The service account user a bearer token authenticates as, or undefined when it does not. */
  authenticate(token: string): User | undefined {
    return this.review(token, [API_AUDIENCE]).user
  }

  /**
   * A token checked as jwt.go's authenticator checks it for a request meant
   * for one of `audiences` (a TokenReview's, or the API's own): the user and
   * the audiences the token is good for; why it is refused when it is one of
   * this issuer's tokens; neither when it is not (another authenticator's).
   */
  review(token: string, audiences: readonly string[]): TokenVerdict {
    const parts = token.split('.')
    const unverified = parts.length === 3 ? parseJSON(parts[1]) : undefined
    if (!this.key || !unverified || unverified.iss !== ISSUER) return {}
    const now = this.clock.now()
    const claims = verifyToken(token, this.key, now)
    if (!claims) {
      if (!verifies(`${parts[0]}.${parts[1]}`, this.key, Buffer.from(parts[2], 'base64url'))) return { error: 'go-jose/go-jose: error in cryptographic primitive' }
      return { error: typeof unverified.exp === 'number' && now / 1000 > unverified.exp ? 'service account token has expired' : 'service account token is not valid yet' }
    }
    // A token naming no audience is for the API's own (the implicit audiences).
    const tokenAudiences = Array.isArray(claims.aud) && claims.aud.length ? claims.aud : [API_AUDIENCE]
    const granted = tokenAudiences.filter((a) => audiences.includes(a))
    if (!granted.length) return { error: `token audiences ${goQuoted(tokenAudiences)} is invalid for the target audiences ${goQuoted(audiences)}` }
    const k = claims['kubernetes.io']
    const problem =
      this.boundProblem('', 'serviceaccounts', 'service account', k.namespace, k.serviceaccount) ??
      (k.pod ? this.boundProblem('', 'pods', 'pod', k.namespace, k.pod) : undefined) ??
      (k.secret ? this.boundProblem('', 'secrets', 'secret', k.namespace, k.secret) : undefined) ??
      // A pod-bound token names its node only for information; a node-bound one must still have it.
      (k.node && !k.pod ? this.boundProblem('', 'nodes', 'node', undefined, k.node) : undefined)
    if (problem) return { error: problem }
    const user = { ...serviceAccountUser(k.namespace, k.serviceaccount.name), uid: k.serviceaccount.uid, extra: credentialExtra(claims) }
    return { user, audiences: granted }
  }

  /**
   * Why an object a token names no longer backs it (gone, another uid, past
   * its deletion time), worded as claims.go's Validate; undefined when it does.
   */
  private boundProblem(group: string, plural: string, what: string, namespace: string | undefined, ref: ClaimRef): string | undefined {
    const obj = getObject(this.resources, group, plural, namespace, ref.name)
    if (!obj) return `${plural} ${JSON.stringify(ref.name)} not found`
    if (obj.metadata?.uid !== ref.uid) return `${what} UID (${obj.metadata?.uid ?? ''}) does not match claim (${ref.uid})`
    const deletion = obj.metadata?.deletionTimestamp
    return deletion && Date.parse(deletion) <= this.clock.now() ? 'service account token has been invalidated' : undefined
  }
}

/** What the service account authenticator makes of a token (see ServiceAccountTokens.review). */
export interface TokenVerdict {
  /** The service account, when the token authenticates. */
  user?: User
  /** The requested audiences the token is good for, when it authenticates. */
  audiences?: string[]
  /** Why one of this issuer's tokens does not authenticate. */
  error?: string
}

/** A string list as Go's %q prints it: `["a" "b"]`. */
function goQuoted(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`
}

/**
 * What the authenticator records about a token in the user's extra
 * (serviceaccount.UserInfo with ServiceAccountTokenJTI and
 * ServiceAccountTokenPodNodeInfo, on in 1.32): its id, and the pod and node
 * it is bound to.
 */
function credentialExtra(claims: TokenClaims): Record<string, string[]> {
  const k = claims['kubernetes.io']
  const extra: Record<string, string[]> = { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`] }
  if (k.node) {
    extra['authentication.kubernetes.io/node-name'] = [k.node.name]
    extra['authentication.kubernetes.io/node-uid'] = [k.node.uid]
  }
  if (k.pod) {
    extra['authentication.kubernetes.io/pod-name'] = [k.pod.name]
    extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid]
  }
  return extra
}

/** The user of a service account, as serviceaccount.UserInfo names it. */
export function serviceAccountUser(namespace: string, name: string): User {
  return { name: `${SA_PREFIX}${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] }
}

/** An object from the store, or undefined when it does not exist. */
export function getObject(resources: Resources, group: string, plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
  try {
    return resources.forResource(group, plural)?.get(namespace, name)
  } catch {
    return undefined
  }
}

/** Whether the RS256 signature is the key's (a private key verifies with its public half); malformed input is false, never a throw. */
function verifies(input: string, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify('sha256', Buffer.from(input), key, signature)
  } catch {
    return false
  }
}

function keyId(key: KeyObject): string {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('base64url')
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64url')
}

function parseJSON(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
