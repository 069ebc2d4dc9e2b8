import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from 'kubernetes-types/rbac/v1'
import { isAlreadyExists } from '../../apimachinery/errors'
import type { Client } from '../../client/types'

/**
 * The default roles and bindings kube-apiserver's RBAC post-start hook
 * creates (plugin/pkg/auth/authorizer/rbac/bootstrappolicy): the user-facing
 * roles (cluster-admin, admin, edit, view and the aggregate-to-* pieces that
 * fill the last three), what every authenticated user may do (discovery,
 * basic-user, public-info-viewer), and the roles of the components that
 * reach the API as users of their own (kube-proxy, CoreDNS, monitoring).
 * Created when missing, so what a user changed survives a restart.
 */

const rbac = 'rbac.authorization.k8s.io'
const read = ['get', 'list', 'watch']
const write = ['create', 'delete', 'deletecollection', 'patch', 'update']
const readWrite = [...read, ...write]

function rule(verbs: string[], apiGroups: string[], resources: string[]): PolicyRule {
  return { verbs, apiGroups, resources }
}

function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, nonResourceURLs }
}

const defaultsLabel = { 'kubernetes.io/bootstrapping': 'rbac-defaults' }
const autoupdate = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' }

function clusterRole(name: string, rules: PolicyRule[], extra: Partial<ClusterRole> & { labels?: Record<string, string> } = {}): ClusterRole {
  const { labels, ...rest } = extra
  return {
    apiVersion: `${rbac}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels: { ...defaultsLabel, ...labels }, annotations: autoupdate },
    rules,
    ...rest
  }
}

function aggregated(name: string, into: string | undefined): ClusterRole {
  return clusterRole(name, [], {
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${name}`]: 'true' } }] },
    labels: into ? { [`rbac.authorization.k8s.io/aggregate-to-${into}`]: 'true' } : undefined
  })
}

function aggregateTo(target: string, rules: PolicyRule[]): ClusterRole {
  return clusterRole(`system:aggregate-to-${target}`, rules, { labels: { [`rbac.authorization.k8s.io/aggregate-to-${target}`]: 'true' } })
}

const publicInfoURLs = ['/healthz', '/livez', '/readyz', '/version', '/version/']

const viewRules: PolicyRule[] = [
  rule(read, [''], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
  rule(read, [''], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
  rule(read, [''], ['namespaces']),
  rule(read, ['discovery.k8s.io'], ['endpointslices']),
  rule(read, ['apps'], ['controllerrevisions', 'statefulsets', 'statefulsets/scale', 'statefulsets/status', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status']),
  rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, ['batch'], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
  rule(read, ['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale', 'networkpolicies']),
  rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(read, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status'])
]

const editRules: PolicyRule[] = [
  rule(read, [''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(write, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [''], ['pods/eviction']),
  rule(write, [''], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy', 'persistentvolumeclaims', 'configmaps', 'secrets', 'events']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(write, ['apps'], ['statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale']),
  rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(write, ['batch'], ['jobs', 'cronjobs']),
  rule(write, ['extensions'], ['daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'ingresses', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale', 'networkpolicies']),
  rule(write, ['policy'], ['poddisruptionbudgets']),
  rule(write, ['networking.k8s.io'], ['networkpolicies', 'ingresses'])
]

const adminRules: PolicyRule[] = [rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']), rule(readWrite, [rbac], ['rolebindings', 'roles'])]

/** The default ClusterRoles. */
export const bootstrapClusterRoles: ClusterRole[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  clusterRole('system:discovery', [urls(['get'], [...publicInfoURLs, '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'])]),
  clusterRole('system:monitoring', [urls(['get'], ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'])]),
  clusterRole('system:basic-user', [
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'])
  ]),
  clusterRole('system:public-info-viewer', [urls(['get'], publicInfoURLs)]),
  aggregated('admin', undefined),
  aggregated('edit', 'admin'),
  aggregated('view', 'edit'),
  aggregateTo('admin', adminRules),
  aggregateTo('edit', editRules),
  aggregateTo('view', viewRules),
  clusterRole('system:service-account-issuer-discovery', [
    urls(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'])
  ]),
  clusterRole('system:node-proxier', [
    rule(['list', 'watch'], [''], ['services', 'endpoints']),
    rule(['get', 'list', 'watch'], [''], ['nodes']),
    rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
    rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices'])
  ]),
  clusterRole('system:kube-dns', [rule(['list', 'watch'], [''], ['endpoints', 'services'])]),
  clusterRole('system:auth-delegator', [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews'])
  ])
]

const group = (name: string): Subject => ({ apiGroup: rbac, kind: 'Group', name })
const user = (name: string): Subject => ({ apiGroup: rbac, kind: 'User', name })

function binding(role: string, subjects: Subject[]): ClusterRoleBinding {
  return {
    apiVersion: `${rbac}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: role, labels: defaultsLabel, annotations: autoupdate },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
    subjects
  }
}

/** The default ClusterRoleBindings: cluster-admin to system:masters, the rest to who needs them. */
export const bootstrapClusterRoleBindings: ClusterRoleBinding[] = [
  binding('cluster-admin', [group('system:masters')]),
  binding('system:monitoring', [group('system:monitoring')]),
  binding('system:discovery', [group('system:authenticated')]),
  binding('system:basic-user', [group('system:authenticated')]),
  binding('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
  binding('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  binding('system:node-proxier', [user('system:kube-proxy')]),
  binding('system:kube-dns', [{ kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' }])
]

/** Creates every default role and binding that does not exist yet; idempotent. */
export async function ensureBootstrapPolicy(client: Client): Promise<void> {
  const roles = client.resource<ClusterRole>({ group: rbac, version: 'v1', resource: 'clusterroles' })
  const bindings = client.resource<ClusterRoleBinding>({ group: rbac, version: 'v1', resource: 'clusterrolebindings' })
  const existingRoles = new Set((await roles.list()).items.map((r) => r.metadata?.name))
  const existingBindings = new Set((await bindings.list()).items.map((b) => b.metadata?.name))
  for (const r of bootstrapClusterRoles) if (!existingRoles.has(r.metadata?.name)) await createIgnoringExists(() => roles.create(structuredClone(r)))
  for (const b of bootstrapClusterRoleBindings) if (!existingBindings.has(b.metadata?.name)) await createIgnoringExists(() => bindings.create(structuredClone(b)))
}

async function createIgnoringExists(create: () => Promise<unknown>): Promise<void> {
  try {
    await create()
  } catch (e) {
    if (!isAlreadyExists(e)) throw e
  }
}
