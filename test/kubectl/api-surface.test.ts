import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { nodeIpamComponent } from '../../main/cluster/controllers/node-ipam'
import { nodesComponent } from '../../main/cluster/node'
import { schedulerComponent } from '../../main/cluster/scheduler'

/**
 * The stable API kinds a real 1.32 cluster serves beyond the everyday ones
 * (reviews, APIServices, CSI and node objects, flow control), as kubectl
 * sees them: api-resources against the real aggregated discovery document in
 * ../shared/reference (skipped when absent), and the answers and columns of
 * `kubectl create` and `kubectl get`.
 */

const referencePath = join(process.cwd(), '..', 'shared', 'reference', 'discovery', 'aggregated_v2.json')

interface RefResource {
  resource: string
  scope: string
  shortNames?: string[]
  responseKind: { kind: string }
}
interface RefGroup {
  metadata: { name: string }
  versions: { version: string; resources: RefResource[] }[]
}

/** The resources this surface adds, by group. */
const added: Record<string, string[]> = {
  'authentication.k8s.io': ['tokenreviews'],
  'authorization.k8s.io': ['subjectaccessreviews', 'localsubjectaccessreviews'],
  'apiregistration.k8s.io': ['apiservices'],
  'storage.k8s.io': ['csinodes', 'csidrivers', 'volumeattachments', 'csistoragecapacities'],
  'node.k8s.io': ['runtimeclasses'],
  'flowcontrol.apiserver.k8s.io': ['flowschemas', 'prioritylevelconfigurations'],
  'admissionregistration.k8s.io': ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']
}

/** The `kubectl api-resources` line the real cluster's preferred version gives a resource. */
function expectedLine(groups: RefGroup[], group: string, resource: string): RegExp {
  const g = groups.find((x) => x.metadata.name === group)!
  const preferred = g.versions[0]
  const r = preferred.resources.find((x) => x.resource === resource)!
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const short = r.shortNames?.length ? `${r.shortNames.join(',')}\\s+` : ''
  return new RegExp(`^${esc(resource)}\\s+${short}${esc(`${group}/${preferred.version}`)}\\s+${r.scope === 'Namespaced'}\\s+${r.responseKind.kind}$`, 'm')
}

describe.skipIf(!hasKubectl)('kubectl and the wider API surface', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it.skipIf(!existsSync(referencePath))('api-resources lists them as the real cluster does', async () => {
    const groups = (JSON.parse(readFileSync(referencePath, 'utf8')) as { items: RefGroup[] }).items
    const r = await k.run(['api-resources', '--no-headers'])
    expect(r.stderr).toBe('')
    for (const [group, resources] of Object.entries(added)) {
      for (const resource of resources) expect(r.stdout).toMatch(expectedLine(groups, group, resource))
    }
  })

  it('create -f of a SubjectAccessReview answers with the authorizer\'s decision', async () => {
    const review = [
      'apiVersion: authorization.k8s.io/v1',
      'kind: SubjectAccessReview',
      'spec:',
      '  user: jane',
      '  groups: ["system:authenticated"]',
      '  resourceAttributes: {namespace: default, verb: get, resource: pods}'
    ].join('\n')
    const r = await k.run(['create', '-f', '-', '-o', 'yaml'], review)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        'apiVersion: authorization.k8s.io/v1',
        'kind: SubjectAccessReview',
        'metadata:',
        '  creationTimestamp: null',
        'spec:',
        '  groups:',
        '  - system:authenticated',
        '  resourceAttributes:',
        '    namespace: default',
        '    resource: pods',
        '    verb: get',
        '  user: jane',
        'status:',
        '  allowed: false',
        ''
      ].join('\n')
    )
    const invalid = await k.run(['create', '-f', '-'], 'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  user: jane\n')
    expect(invalid.stderr).toContain('spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified')
  })

  it('create -f of a TokenReview of the cluster\'s static token authenticates it', async () => {
    const token = k.cluster.apiServer!.pki.token
    const r = await k.run(['create', '-f', '-', '-o', 'jsonpath={.status.authenticated} {.status.user.username} {.status.audiences}'], `apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec:\n  token: ${token}\n`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('true kubelab-admin ["https://kubernetes.default.svc.cluster.local"]')
  })

  it('get apiservices shows every served group-version, Local and available', async () => {
    const r = await k.run(['get', 'apiservices'])
    expect(r.stderr).toBe('')
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE$/)
    expect(lines[1]).toMatch(/^v1\.\s+Local\s+True\s+\d+s$/)
    for (const name of ['v1.apps', 'v1.apiregistration.k8s.io', 'v2.autoscaling', 'v1beta1.metrics.k8s.io']) {
      expect(r.stdout).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}\\s+Local\\s+True\\s+\\S+$`, 'm'))
    }
  })

  it('get flowschemas and prioritylevelconfigurations show the bootstrap configuration', async () => {
    const fs = await k.run(['get', 'flowschemas'])
    expect(fs.stderr).toBe('')
    const lines = fs.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+PRIORITYLEVEL\s+MATCHINGPRECEDENCE\s+DISTINGUISHERMETHOD\s+AGE\s+MISSINGPL$/)
    expect(fs.stdout).toMatch(/^exempt\s+exempt\s+1\s+<none>\s+\S+\s+False$/m)
    expect(fs.stdout).toMatch(/^catch-all\s+catch-all\s+10000\s+ByUser\s+\S+\s+False$/m)
    expect(lines).toHaveLength(14)
    const pl = await k.run(['get', 'prioritylevelconfigurations'])
    expect(pl.stdout.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+NOMINALCONCURRENCYSHARES\s+QUEUES\s+HANDSIZE\s+QUEUELENGTHLIMIT\s+AGE$/)
    expect(pl.stdout).toMatch(/^exempt\s+Exempt\s+<none>\s+<none>\s+<none>\s+<none>\s+\S+$/m)
    expect(pl.stdout).toMatch(/^workload-low\s+Limited\s+100\s+128\s+6\s+50\s+\S+$/m)
  })
})

describe.skipIf(!hasKubectl)('kubectl and the kubelets\' CSINodes', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [nodeIpamComponent, nodesComponent, schedulerComponent] })
  }, 120_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('get csinodes shows one CSINode per node, owned by it, with no drivers', async () => {
    const nodes = (await k.run(['get', 'nodes', '-o', 'name'])).stdout.trim().split('\n').map((n) => n.replace('node/', ''))
    // Each kubelet makes its node's CSINode once it has registered.
    const r = await waitFor(async () => {
      const got = await k.run(['get', 'csinodes', '--no-headers'])
      return got.stdout.trim().split('\n').filter(Boolean).length === nodes.length ? got : undefined
    }, 'a CSINode per node', 20_000)
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(nodes.map((n) => `${n} 0`))
    const headers = await k.run(['get', 'csinodes'])
    expect(headers.stdout.split('\n')[0]).toMatch(/^NAME\s+DRIVERS\s+AGE$/)
    const one = JSON.parse((await k.run(['get', 'csinode', nodes[0], '-o', 'json'])).stdout) as { metadata: { ownerReferences: unknown[]; annotations: Record<string, string> }; spec: { drivers?: unknown[] } }
    expect(one.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'v1', kind: 'Node', name: nodes[0] })])
    expect(one.metadata.annotations['storage.alpha.kubernetes.io/migrated-plugins']).toContain('kubernetes.io/gce-pd')
    expect(one.spec.drivers ?? []).toEqual([])
  })
})
