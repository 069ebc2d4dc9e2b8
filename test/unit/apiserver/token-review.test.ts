import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPairSync } from 'node:crypto'
import { Cluster } from '../../../main/cluster/cluster'
import { API_AUDIENCE, ServiceAccountTokens, type TokenSpec } from '../../../main/cluster/apiserver/service-account-tokens'
import { answerTokenReviews } from '../../../main/cluster/apiserver/token-review'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'

describe('TokenReview', () => {
  let cluster: Cluster
  let tokens: ServiceAccountTokens
  const adminToken = 'static-admin-token'
  const reviews = () => cluster.client.resource({ group: 'authentication.k8s.io', version: 'v1', resource: 'tokenreviews' })
  const serviceAccounts = () => cluster.client.resource({ group: '', version: 'v1', resource: 'serviceaccounts' })
  const review = (token: string, audiences?: string[]) =>
    reviews().create({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', metadata: {}, spec: { token, ...(audiences ? { audiences } : {}) } } as KubeObject)

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    tokens = new ServiceAccountTokens(cluster.resources, cluster.clock, { createKey: async () => key })
    answerTokenReviews(cluster.resources, adminToken, tokens)
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  const issueFor = async (name: string, audiences = [API_AUDIENCE]) => {
    const sa = await serviceAccounts().create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'default' } })
    const spec: TokenSpec = { audiences, expirationSeconds: 600, kubernetes: { namespace: 'default', serviceaccount: { name, uid: sa.metadata.uid! } } }
    return { token: (await tokens.issue(spec)).token, uid: sa.metadata.uid! }
  }

  it('authenticates a service account token, with its user and the audiences it is good for', async () => {
    const { token, uid } = await issueFor('app')
    const answer = await review(token)
    expect(answer).toMatchObject({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', metadata: { creationTimestamp: null }, spec: { token } })
    expect(answer.status).toEqual({
      authenticated: true,
      user: {
        username: 'system:serviceaccount:default:app',
        uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/credential-id': [expect.stringMatching(/^JTI=/)] }
      },
      audiences: [API_AUDIENCE]
    })
  })

  it('checks the audiences the review names', async () => {
    const { token } = await issueFor('vault-client', ['vault', 'other'])
    expect((await review(token, ['vault'])).status).toMatchObject({ authenticated: true, audiences: ['vault'] })
    expect((await review(token)).status).toEqual({
      user: {},
      error: `[invalid bearer token, token audiences ["vault" "other"] is invalid for the target audiences ["${API_AUDIENCE}"]]`
    })
  })

  it('authenticates the kubeconfig static token for the API audience only', async () => {
    expect((await review(adminToken)).status).toEqual({ authenticated: true, user: { username: 'kubelab-admin', groups: ['system:masters', 'system:authenticated'] }, audiences: [API_AUDIENCE] })
    expect((await review(adminToken, ['vault'])).status).toEqual({ user: {}, error: 'invalid bearer token' })
  })

  it('says why a token no longer authenticates, and refuses an unknown or empty one', async () => {
    const { token } = await issueFor('gone')
    await serviceAccounts().delete('default', 'gone')
    expect((await review(token)).status).toEqual({ user: {}, error: '[invalid bearer token, serviceaccounts "gone" not found]' })
    const { token: short } = await issueFor('short')
    await cluster.clock.advanceTo!(cluster.clock.now() + 661_000)
    expect((await review(short)).status).toEqual({ user: {}, error: '[invalid bearer token, service account token has expired]' })
    expect((await review('not-a-token')).status).toEqual({ user: {}, error: 'invalid bearer token' })
    await expect(review('')).rejects.toThrow('token is required for TokenReview in authentication')
  })
})
