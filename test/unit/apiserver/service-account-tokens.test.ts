import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Cluster } from '../../../main/cluster/cluster'
import { loadOrCreateServiceAccountKey, readServiceAccountKey } from '../../../main/cluster/apiserver/service-account-key'
import { API_AUDIENCE, newClaims, ServiceAccountTokens, signToken, verifyToken, type TokenSpec } from '../../../main/cluster/apiserver/service-account-tokens'

const rsa = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
const spec: TokenSpec = { audiences: [API_AUDIENCE], expirationSeconds: 600, kubernetes: { namespace: 'default', serviceaccount: { name: 'app', uid: 'u-1' } } }
const T0 = Date.UTC(2026, 0, 1)
const part = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8'))

describe('service account JWTs', () => {
  const key = rsa()

  it('claims name the service account as claims.go does, keys in go-jose order', () => {
    const claims = newClaims({ ...spec, kubernetes: { ...spec.kubernetes, pod: { name: 'p', uid: 'pu' }, node: { name: 'n', uid: 'nu' } } }, T0 + 999)
    expect(Object.keys(claims)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub'])
    expect(claims).toMatchObject({
      aud: [API_AUDIENCE],
      iat: T0 / 1000,
      nbf: T0 / 1000,
      exp: T0 / 1000 + 600,
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:default:app',
      'kubernetes.io': { namespace: 'default', node: { name: 'n', uid: 'nu' }, pod: { name: 'p', uid: 'pu' }, serviceaccount: { name: 'app', uid: 'u-1' } }
    })
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect(newClaims(spec, T0).jti).not.toBe(claims.jti)
  })

  it('signs RS256 with a key id, and verifies only its own signature within the validity window', () => {
    const claims = newClaims(spec, T0)
    const token = signToken(claims, key)
    expect(part(token, 0)).toEqual({ alg: 'RS256', kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
    expect(part(token, 1)).toEqual(claims)
    expect(verifyToken(token, key, T0)).toEqual(claims)
    // go-jose's one-minute leeway on both ends.
    expect(verifyToken(token, key, T0 + 660_000)).toEqual(claims)
    expect(verifyToken(token, key, T0 + 661_000)).toBeUndefined()
    expect(verifyToken(token, key, T0 - 60_000)).toEqual(claims)
    expect(verifyToken(token, key, T0 - 61_000)).toBeUndefined()
    expect(verifyToken(token, rsa(), T0)).toBeUndefined()
    const [h, , s] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url')
    expect(verifyToken(`${h}.${forged}.${s}`, key, T0)).toBeUndefined()
    expect(verifyToken('not-a-jwt', key, T0)).toBeUndefined()
    expect(verifyToken(`${h}.${forged}.`, key, T0)).toBeUndefined()
    expect(verifyToken('e30.e30.AA', key, T0)).toBeUndefined()
    expect(verifyToken(signToken({ ...claims, iss: 'https://elsewhere' }, key), key, T0)).toBeUndefined()
  })

  it('keeps the signing key in the PKI dir, private, and reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-sa-key-'))
    try {
      const first = await loadOrCreateServiceAccountKey(dir)
      expect(first.asymmetricKeyType).toBe('rsa')
      expect(statSync(join(dir, 'sa.key')).mode & 0o777).toBe(0o600)
      expect(readFileSync(join(dir, 'sa.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/)
      const again = await loadOrCreateServiceAccountKey(dir)
      expect(again.export({ type: 'pkcs1', format: 'pem' })).toBe(first.export({ type: 'pkcs1', format: 'pem' }))
      expect(readServiceAccountKey(dir)?.export({ type: 'pkcs1', format: 'pem' })).toBe(first.export({ type: 'pkcs1', format: 'pem' }))
      expect(readServiceAccountKey(undefined)).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('service account token authentication', () => {
  let cluster: Cluster
  let tokens: ServiceAccountTokens
  const serviceAccounts = () => cluster.client.resource({ group: '', version: 'v1', resource: 'serviceaccounts' })
  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    const key = rsa()
    tokens = new ServiceAccountTokens(cluster.resources, cluster.clock, { createKey: async () => key })
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  const issueFor = async (name: string, overrides: Partial<TokenSpec> = {}) => {
    const sa = await serviceAccounts().create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'default' } })
    return (await tokens.issue({ ...spec, kubernetes: { namespace: 'default', serviceaccount: { name, uid: sa.metadata!.uid! } }, ...overrides })).token
  }

  it('authenticates as the service account, in its groups, with its uid and the token id in extra', async () => {
    const token = await issueFor('reader')
    const uid = (await serviceAccounts().get('default', 'reader')).metadata!.uid
    const jti = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).jti
    expect(tokens.authenticate(token)).toEqual({
      name: 'system:serviceaccount:default:reader',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      uid,
      extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${jti}`] }
    })
  })

  it('refuses a token for another audience, and one whose service account was deleted or recreated', async () => {
    expect(tokens.authenticate(await issueFor('vault', { audiences: ['vault'] }))).toBeUndefined()
    const token = await issueFor('temp')
    await serviceAccounts().delete('default', 'temp')
    expect(tokens.authenticate(token)).toBeUndefined()
    await serviceAccounts().create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'temp', namespace: 'default' } })
    expect(tokens.authenticate(token)).toBeUndefined()
  })

  it('refuses a token once the cluster clock passes its expiry', async () => {
    const token = await issueFor('short')
    expect(tokens.authenticate(token)).toBeDefined()
    await cluster.clock.advanceTo!(cluster.clock.now() + 661_000)
    expect(tokens.authenticate(token)).toBeUndefined()
  })
})
