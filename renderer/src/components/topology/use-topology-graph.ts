import { computed } from 'vue'
import { useClusterStore } from '../../stores/cluster'
import { useObjectsStore } from '../../stores/objects'
import { useUiStore } from '../../stores/ui'
import { useSelectionStore } from '../../stores/selection'
import { buildClusterGraph, type ClusterObjects } from './cluster-view'
import type { StorageObjects } from './storage-view'
import { buildNetworkGraph } from './network-view'
import { buildStorageGraph } from './storage-view'
import type { TopoGraph } from './graph'
import { collapsePods, defaultDetail } from './pod-summary'
import { PodIndex } from './cluster-pods'

/** The resources the three views draw. */
const drawnResources = ['nodes', 'pods', 'services', 'endpoints', 'deployments.apps', 'replicasets.apps', 'replicationcontrollers', 'daemonsets.apps', 'statefulsets.apps', 'jobs.batch', 'storageclasses.storage.k8s.io', 'persistentvolumes', 'persistentvolumeclaims']

/** Element id prefixes (cluster-view.ts) of the kinds whose edges reach pods. */
const focusPrefix: Record<string, string> = { services: 'svc', 'replicasets.apps': 'rs', 'deployments.apps': 'deploy', 'daemonsets.apps': 'ds', 'statefulsets.apps': 'sts', 'jobs.batch': 'job', replicationcontrollers: 'rc' }

/**
 * The current view's graph, rebuilt when objects (one bump per frame), the view or the namespace filter change.
 * In the Cluster view, crowded node boxes show a summary of their pods (pod-summary.ts); the selected node's pods are drawn one by one.
 */
export function useTopologyGraph() {
  const objects = useObjectsStore()
  const cluster = useClusterStore()
  const ui = useUiStore()
  const selection = useSelectionStore()

  // Rebuilt only when a resource the views draw changed: a batch of Events alone leaves the graph as it is.
  let drawn: { at: number; objects: ClusterObjects & StorageObjects } | undefined
  const snapshot = computed<ClusterObjects & StorageObjects>(() => {
    const at = objects.version
    if (drawn && !objects.changedSince(drawnResources, drawn.at)) return drawn.objects
    drawn = {
      at,
      objects: {
        nodes: objects.list('nodes'),
        pods: objects.list('pods'),
        podSource: { list: objects.list('pods'), version: at, changedSince: (since) => objects.changedKeys('pods', since), byKey: objects.objectsByKey('pods') },
        services: objects.list('services'),
        endpoints: objects.list('endpoints'),
        deployments: objects.list('deployments.apps'),
        replicasets: objects.list('replicasets.apps'),
        replicationcontrollers: objects.list('replicationcontrollers'),
        daemonsets: objects.list('daemonsets.apps'),
        statefulsets: objects.list('statefulsets.apps'),
        jobs: objects.list('jobs.batch'),
        storageclasses: objects.list('storageclasses.storage.k8s.io'),
        persistentvolumes: objects.list('persistentvolumes'),
        persistentvolumeclaims: objects.list('persistentvolumeclaims')
      }
    }
    return drawn.objects
  })

  /** The Cluster view's pods box by box, from one build to the next: a batch redoes only the pods it changed (cluster-pods.ts). */
  const clusterPods = new PodIndex()

  /** The node box opened by selecting it (or one of its pods). */
  const expanded = computed<ReadonlySet<string>>(() => {
    const sel = selection.selected
    if (sel?.resource === 'nodes') return new Set([`node/${sel.name}`])
    const nodeName = sel?.resource === 'pods' ? (selection.object?.spec as { nodeName?: string } | undefined)?.nodeName : undefined
    return new Set(nodeName ? [`node/${nodeName}`] : [])
  })

  const full = computed<TopoGraph>(() =>
    ui.view === 'networks'
      ? buildNetworkGraph(snapshot.value, cluster.info?.network, ui.namespace)
      : ui.view === 'storage'
        ? buildStorageGraph(snapshot.value, ui.namespace)
        : buildClusterGraph(snapshot.value, ui.namespace, clusterPods)
  )
  /** The selected Service or controller: its edges to pod summaries are drawn however many there are. */
  const focus = computed<ReadonlySet<string>>(() => {
    const sel = selection.selected
    const prefix = sel && focusPrefix[sel.resource]
    return new Set(prefix ? [`${prefix}/${sel.namespace}/${sel.name}`] : [])
  })
  const graph = computed<TopoGraph>(() => (ui.view === 'cluster' ? collapsePods(full.value, { ...defaultDetail, expanded: expanded.value, focus: focus.value }) : full.value))

  /** Whether the view has anything to show beyond its empty frames. */
  const isEmpty = computed(() => !graph.value.nodes.some((n) => n.ref))
  return { graph, isEmpty }
}
