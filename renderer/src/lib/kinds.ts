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
      { resource: 'cronjobs.batch', label: 'CronJobs' }
    ]
  },
  {
    title: 'Config',
    kinds: [
      { resource: 'configmaps', label: 'ConfigMaps' },
      { resource: 'secrets', label: 'Secrets' }
    ]
  },
  {
    title: 'Network',
    kinds: [
      { resource: 'services', label: 'Services' },
      { resource: 'endpoints', label: 'Endpoints' }
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
export const clusterScoped = new Set(['nodes', 'namespaces', 'persistentvolumes', 'storageclasses.storage.k8s.io'])
