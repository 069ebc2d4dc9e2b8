import { computed } from 'vue'
import { useClusterStore } from '../../stores/cluster'
import { useObjectsStore } from '../../stores/objects'
import { useUiStore } from '../../stores/ui'
import { buildClusterGraph, type ClusterObjects } from './cluster-view'
import { buildNetworkGraph } from './network-view'
import type { TopoGraph } from './graph'

/** The current view's graph, rebuilt when objects (one bump per frame), the view or the namespace filter change. */
export function useTopologyGraph() {
  const objects = useObjectsStore()
  const cluster = useClusterStore()
  const ui = useUiStore()

  const snapshot = computed<ClusterObjects>(() => {
    void objects.version
    return {
      nodes: objects.list('nodes'),
      pods: objects.list('pods'),
      services: objects.list('services'),
      endpoints: objects.list('endpoints'),
      deployments: objects.list('deployments.apps'),
      replicasets: objects.list('replicasets.apps'),
      replicationcontrollers: objects.list('replicationcontrollers'),
      daemonsets: objects.list('daemonsets.apps')
    }
  })

  const graph = computed<TopoGraph>(() =>
    ui.view === 'networks' ? buildNetworkGraph(snapshot.value, cluster.info?.network, ui.namespace) : buildClusterGraph(snapshot.value, ui.namespace)
  )

  /** Whether the view has anything to show beyond its empty frames. */
  const isEmpty = computed(() => !graph.value.nodes.some((n) => n.ref))
  return { graph, isEmpty }
}
