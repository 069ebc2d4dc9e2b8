import type { FlowSchema, PolicyRulesWithSubjects, PriorityLevelConfiguration, Subject } from 'kubernetes-types/flowcontrol/v1'
import { isAlreadyExists } from '../apimachinery/errors'
import type { Client } from '../client/types'
import type { Clock } from '../clock/types'

/**
 * API Priority and Fairness' bootstrap configuration, as kube-apiserver
 * 1.32's priority-and-fairness-config-producer post-start hook creates it
 * (k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap): the mandatory exempt
 * and catch-all levels and schemas, and the suggested ones for nodes,
 * leader election, controllers, service accounts and everyone else. Each
 * carries apf.kubernetes.io/autoupdate-spec: "true"; each schema's Dangling
 * condition says its level exists. Objects already there are left as they
 * are (the real hook also puts back specs it owns; here a restart keeps what
 * the user changed).
 */

const autoUpdate = { 'apf.kubernetes.io/autoupdate-spec': 'true' }

type Queuing = [queues: number, handSize: number, queueLengthLimit: number]

function limited(name: string, shares: number, lendablePercent: number, queuing?: Queuing): PriorityLevelConfiguration {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name, annotations: autoUpdate },
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: shares,
        lendablePercent,
        limitResponse: queuing ? { type: 'Queue', queuing: { queues: queuing[0], handSize: queuing[1], queueLengthLimit: queuing[2] } } : { type: 'Reject' }
      }
    }
  }
}

export const bootstrapPriorityLevels: PriorityLevelConfiguration[] = [
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration', metadata: { name: 'exempt', annotations: autoUpdate }, spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } } },
  limited('catch-all', 5, 0),
  limited('system', 30, 33, [64, 6, 50]),
  limited('node-high', 40, 25, [64, 6, 50]),
  limited('leader-election', 10, 0, [16, 4, 50]),
  limited('workload-high', 40, 50, [128, 6, 50]),
  limited('workload-low', 100, 90, [128, 6, 50]),
  limited('global-default', 20, 50, [128, 6, 50])
]

const group = (name: string): Subject => ({ kind: 'Group', group: { name } })
const user = (name: string): Subject => ({ kind: 'User', user: { name } })
const kubeSystemSA = (name: string): Subject => ({ kind: 'ServiceAccount', serviceAccount: { name, namespace: 'kube-system' } })
const everything = { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] }
const getCreateUpdate = ['get', 'create', 'update']

function schema(name: string, level: string, precedence: number, distinguisher: 'ByUser' | 'ByNamespace' | undefined, rules: PolicyRulesWithSubjects): FlowSchema {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, annotations: autoUpdate },
    spec: { priorityLevelConfiguration: { name: level }, matchingPrecedence: precedence, ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}), rules: [rules] }
  }
}

export const bootstrapFlowSchemas: FlowSchema[] = [
  schema('exempt', 'exempt', 1, undefined, { subjects: [group('system:masters')], ...everything }),
  schema('probes', 'exempt', 2, undefined, { subjects: [group('system:unauthenticated'), group('system:authenticated')], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }] }),
  schema('system-leader-election', 'leader-election', 100, 'ByUser', {
    subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler'), kubeSystemSA('*')],
    resourceRules: [
      { verbs: getCreateUpdate, apiGroups: [''], resources: ['endpoints', 'configmaps'], namespaces: ['kube-system'] },
      { verbs: getCreateUpdate, apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] }
    ]
  }),
  schema('endpoint-controller', 'workload-high', 150, 'ByUser', {
    subjects: [user('system:kube-controller-manager'), kubeSystemSA('endpoint-controller'), kubeSystemSA('endpointslicemirroring-controller')],
    resourceRules: [{ verbs: getCreateUpdate, apiGroups: [''], resources: ['endpoints'], namespaces: ['*'] }]
  }),
  schema('workload-leader-election', 'leader-election', 200, 'ByUser', {
    subjects: [kubeSystemSA('*')],
    resourceRules: [
      { verbs: getCreateUpdate, apiGroups: [''], resources: ['endpoints', 'configmaps'], namespaces: ['*'] },
      { verbs: getCreateUpdate, apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] }
    ]
  }),
  schema('system-node-high', 'node-high', 400, 'ByUser', {
    subjects: [group('system:nodes')],
    resourceRules: [
      { verbs: ['*'], apiGroups: [''], resources: ['nodes', 'nodes/status'], namespaces: ['*'], clusterScope: true },
      { verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] }
    ]
  }),
  schema('system-nodes', 'system', 500, 'ByUser', { subjects: [group('system:nodes')], ...everything }),
  schema('kube-controller-manager', 'workload-high', 800, 'ByNamespace', { subjects: [user('system:kube-controller-manager')], ...everything }),
  schema('kube-scheduler', 'workload-high', 800, 'ByNamespace', { subjects: [user('system:kube-scheduler')], ...everything }),
  schema('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', { subjects: [kubeSystemSA('*')], ...everything }),
  schema('service-accounts', 'workload-low', 9000, 'ByUser', { subjects: [group('system:serviceaccounts')], ...everything }),
  schema('global-default', 'global-default', 9900, 'ByUser', { subjects: [group('system:unauthenticated'), group('system:authenticated')], ...everything }),
  schema('catch-all', 'catch-all', 10000, 'ByUser', { subjects: [group('system:unauthenticated'), group('system:authenticated')], ...everything })
]

/** Creates the bootstrap levels, then the schemas with their Dangling condition (idempotent). */
export async function ensureFlowControlBootstrap(client: Client, clock: Clock): Promise<void> {
  const levels = client.resource<PriorityLevelConfiguration>({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1', resource: 'prioritylevelconfigurations' })
  const schemas = client.resource<FlowSchema>({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1', resource: 'flowschemas' })
  const existingLevels = new Set((await levels.list()).items.map((l) => l.metadata?.name))
  for (const level of bootstrapPriorityLevels) {
    if (existingLevels.has(level.metadata?.name)) continue
    await createOnce(() => levels.create(structuredClone(level)))
  }
  const existingSchemas = new Set((await schemas.list()).items.map((s) => s.metadata?.name))
  for (const fs of bootstrapFlowSchemas) {
    if (existingSchemas.has(fs.metadata?.name)) continue
    const created = await createOnce(() => schemas.create(structuredClone(fs)))
    if (!created) continue
    const level = fs.spec!.priorityLevelConfiguration.name
    const dangling = {
      type: 'Dangling',
      status: 'False',
      lastTransitionTime: clock.rfc3339(),
      reason: 'Found',
      message: `This FlowSchema references the PriorityLevelConfiguration object named ${JSON.stringify(level)} and it exists`
    }
    await schemas.updateStatus({ ...created, status: { conditions: [dangling] } })
  }
}

async function createOnce<T>(create: () => Promise<T>): Promise<T | undefined> {
  try {
    return await create()
  } catch (e) {
    if (isAlreadyExists(e)) return undefined
    throw e
  }
}
