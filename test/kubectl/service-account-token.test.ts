import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { expectOk } from './support/expect-ok'
import { clusterRoleAggregationComponent } from '../../main/cluster/controllers/clusterrole-aggregation'

/**
 * The RBAC learning flow of a real cluster: a service account, a binding to
 * `view`, `kubectl create token`, and kubectl acting with `--token` as
 * system:serviceaccount:<ns>:<name>, allowed to read and forbidden to delete;
 * the token dies with its service account.
 */
describe.skipIf(!hasKubectl)('kubectl create token and service account bearer tokens', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    // A realtime clock: tokens are checked against the cluster clock, which an instant clock may run past their expiry.
    k = await startKubectlHarness({ clock: 'realtime', components: [clusterRoleAggregationComponent] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  const ok = expectOk(() => k)
  /** kubectl as a kubeconfig user holding only the token. */
  const asToken = async (user: string, token: string, args: string[]) => {
    await ok(['config', 'set-credentials', user, `--token=${token}`])
    return k.run(['--user', user, ...args])
  }
  const payload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))

  it('a token bound to view may get pods and may not delete them', async () => {
    await ok(['create', 'serviceaccount', 'app'])
    await ok(['create', 'rolebinding', 'app-view', '--clusterrole=view', '--serviceaccount=default:app'])
    const token = (await ok(['create', 'token', 'app'])).trim()
    const uid = JSON.parse(await ok(['get', 'serviceaccount', 'app', '-o', 'json'])).metadata.uid
    const claims = payload(token)
    expect(claims).toMatchObject({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:default:app',
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'app', uid } }
    })
    expect(claims.exp - claims.iat).toBe(3600)
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')).alg).toBe('RS256')

    // view is filled by aggregation; wait (bounded by attempts) until the token may list pods.
    let get = await asToken('app', token, ['get', 'pods'])
    for (let i = 0; i < 100 && get.code !== 0; i++) get = await asToken('app', token, ['get', 'pods'])
    expect(get).toMatchObject({ code: 0, stderr: 'No resources found in default namespace.\n' })

    const del = await asToken('app', token, ['delete', 'pod', 'x'])
    expect(del.code).toBe(1)
    expect(del.stderr).toBe('Error from server (Forbidden): pods "x" is forbidden: User "system:serviceaccount:default:app" cannot delete resource "pods" in API group "" in the namespace "default"\n')
  })

  it('kubectl auth whoami names the service account, its uid, groups and the token id; with the certificate too, the certificate user', async () => {
    const token = (await ok(['create', 'token', 'app'])).trim()
    const uid = JSON.parse(await ok(['get', 'serviceaccount', 'app', '-o', 'json'])).metadata.uid
    const whoami = await asToken('app', token, ['auth', 'whoami', '--token', token])
    const pad = (s: string) => s.padEnd(52)
    expect(whoami).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `${pad('ATTRIBUTE')}VALUE\n${pad('Username')}system:serviceaccount:default:app\n${pad('UID')}${uid}\n` +
        `${pad('Groups')}[system:serviceaccounts system:serviceaccounts:default system:authenticated]\n` +
        `${pad('Extra: authentication.kubernetes.io/credential-id')}[JTI=${payload(token).jti}]\n`
    })
    expect(await ok(['auth', 'whoami', '--token', token])).toBe('ATTRIBUTE   VALUE\nUsername    kubelab-admin\nGroups      [system:masters system:authenticated]\n')
  })

  it('a pod-bound token: whoami shows the pod and its node in the extra, as ServiceAccountTokenPodNodeInfo records them', async () => {
    // This cluster runs no scheduler or kubelet: a Node object, and a pod bound to it by nodeName.
    await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: Node\nmetadata: { name: token-node }\n')
    await ok(['run', 'bound-pod', '--image=nginx:1.27', '--overrides={"spec":{"serviceAccountName":"app","nodeName":"token-node"}}'])
    const pod = JSON.parse(await ok(['get', 'pod', 'bound-pod', '-o', 'json']))
    expect(pod.spec.nodeName).toBeTruthy()
    const nodeUid = JSON.parse(await ok(['get', 'node', pod.spec.nodeName, '-o', 'json'])).metadata.uid
    const token = (await ok(['create', 'token', 'app', '--bound-object-kind=Pod', '--bound-object-name=bound-pod'])).trim()
    const review = JSON.parse((await asToken('app-pod', token, ['auth', 'whoami', '-o', 'json'])).stdout)
    expect(review.status.userInfo.extra).toEqual({
      'authentication.kubernetes.io/credential-id': [`JTI=${payload(token).jti}`],
      'authentication.kubernetes.io/node-name': [pod.spec.nodeName],
      'authentication.kubernetes.io/node-uid': [nodeUid],
      'authentication.kubernetes.io/pod-name': ['bound-pod'],
      'authentication.kubernetes.io/pod-uid': [pod.metadata.uid]
    })
  })

  it('--duration sets expirationSeconds; under ten minutes is the real validation error', async () => {
    const token = (await ok(['create', 'token', 'app', '--duration=10m'])).trim()
    const claims = payload(token)
    expect(claims.exp - claims.iat).toBe(600)
    const short = await k.run(['create', 'token', 'app', '--duration=5m'])
    expect(short.code).toBe(1)
    expect(short.stderr).toBe('error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n')
    const missing = await k.run(['create', 'token', 'nobody'])
    expect(missing.stderr).toBe('error: failed to create token: serviceaccounts "nobody" not found\n')
  })

  it('a deleted service account\'s token is refused with 401', async () => {
    await ok(['create', 'serviceaccount', 'gone'])
    await ok(['create', 'rolebinding', 'gone-view', '--clusterrole=view', '--serviceaccount=default:gone'])
    const token = (await ok(['create', 'token', 'gone'])).trim()
    expect((await asToken('gone', token, ['auth', 'whoami'])).code).toBe(0)
    await ok(['delete', 'serviceaccount', 'gone'])
    const r = await asToken('gone', token, ['get', 'pods'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error: You must be logged in to the server (Unauthorized)')
  })

  it('a token bound to a Secret names it, needs it to exist, and dies with it', async () => {
    await ok(['create', 'secret', 'generic', 'bound', '--from-literal=a=b'])
    const uid = JSON.parse(await ok(['get', 'secret', 'bound', '-o', 'json'])).metadata.uid
    const token = (await ok(['create', 'token', 'app', '--bound-object-kind=Secret', '--bound-object-name=bound', `--bound-object-uid=${uid}`])).trim()
    expect(payload(token)['kubernetes.io'].secret).toEqual({ name: 'bound', uid })
    expect((await asToken('bound', token, ['auth', 'whoami'])).code).toBe(0)
    const wrongUid = await k.run(['create', 'token', 'app', '--bound-object-kind=Secret', '--bound-object-name=bound', '--bound-object-uid=0000'])
    expect(wrongUid.stderr).toBe(
      'error: failed to create token: Operation cannot be fulfilled on Secret "bound": the UID in the bound object reference (0000) does not match the UID in record. The object might have been deleted and then recreated\n'
    )
    const missing = await k.run(['create', 'token', 'app', '--bound-object-kind=Pod', '--bound-object-name=nopod'])
    expect(missing.stderr).toBe('error: failed to create token: pods "nopod" not found\n')
    await ok(['delete', 'secret', 'bound'])
    expect((await asToken('bound', token, ['auth', 'whoami'])).stderr).toContain('error: You must be logged in to the server (Unauthorized)')
  })

  it('discovery lists serviceaccounts/token as a real cluster does', async () => {
    const list = JSON.parse(await ok(['get', '--raw', '/api/v1']))
    expect(list.resources.find((r: { name: string }) => r.name === 'serviceaccounts/token')).toEqual({
      name: 'serviceaccounts/token',
      singularName: '',
      namespaced: true,
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
      verbs: ['create']
    })
  })
})
