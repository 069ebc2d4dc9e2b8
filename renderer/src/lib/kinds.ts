/** How the sidebar groups and names the watched resources. */
export interface KindGroup {
  title: string
  kinds: Array<{ resource: string; label: string }>
}

export const kindGroups: readonly KindGroup[] = [
  {
    title: 'Workloads',
    kinds: [
      { resource: 'pods', label: 'Pods' },
      { resource: 'deployments.apps', label: 'Deployments' },
      { resource: 'replicasets.apps', label: 'ReplicaSets' },
      { resource: 'replicationcontrollers', label: 'Replication Controllers' },
      { resource: 'statefulsets.apps', label: 'StatefulSets' },
      { resource: 'daemonsets.apps', label: 'DaemonSets' },
      { resource: 'jobs.batch', label: 'Jobs' },
      { resource: 'cronjobs.batch', label: 'CronJobs' },
      { resource: 'horizontalpodautoscalers.autoscaling', label: 'Autoscalers (HPA)' }
    ]
  },
  {
    title: 'Config',
    kinds: [
      { resource: 'configmaps', label: 'ConfigMaps' },
      { resource: 'secrets', label: 'Secrets' },
      { resource: 'resourcequotas', label: 'Resource Quotas' },
      { resource: 'limitranges', label: 'Limit Ranges' },
      { resource: 'poddisruptionbudgets.policy', label: 'Pod Disruption Budgets' },
      { resource: 'priorityclasses.scheduling.k8s.io', label: 'Priority Classes' }
    ]
  },
  {
    title: 'Network',
    kinds: [
      { resource: 'services', label: 'Services' },
      { resource: 'endpoints', label: 'Endpoints' },
      { resource: 'ingresses.networking.k8s.io', label: 'Ingresses' },
      { resource: 'ingressclasses.networking.k8s.io', label: 'Ingress Classes' },
      { resource: 'networkpolicies.networking.k8s.io', label: 'Network Policies' }
    ]
  },
  {
    title: 'Access Control',
    kinds: [
      { resource: 'serviceaccounts', label: 'Service Accounts' },
      { resource: 'roles.rbac.authorization.k8s.io', label: 'Roles' },
      { resource: 'rolebindings.rbac.authorization.k8s.io', label: 'Role Bindings' },
      { resource: 'clusterroles.rbac.authorization.k8s.io', label: 'Cluster Roles' },
      { resource: 'clusterrolebindings.rbac.authorization.k8s.io', label: 'Cluster Role Bindings' }
    ]
  },
  {
    title: 'Storage',
    kinds: [
      { resource: 'persistentvolumeclaims', label: 'Persistent Volume Claims' },
      { resource: 'persistentvolumes', label: 'Persistent Volumes' },
      { resource: 'storageclasses.storage.k8s.io', label: 'Storage Classes' }
    ]
  },
  {
    title: 'Cluster',
    kinds: [
      { resource: 'nodes', label: 'Nodes' },
      { resource: 'namespaces', label: 'Namespaces' },
      { resource: 'events', label: 'Events' }
    ]
  }
]

/** Resources that exist outside namespaces: the namespace filter does not apply to them. */
export const clusterScoped = new Set([
  'nodes',
  'namespaces',
  'persistentvolumes',
  'storageclasses.storage.k8s.io',
  'priorityclasses.scheduling.k8s.io',
  'ingressclasses.networking.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io'
])
