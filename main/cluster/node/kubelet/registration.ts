import type { Node } from 'kubernetes-types/core/v1'
import type { ResourceClient } from '../../client/types'
import { updateObject } from './api-writes'
import { defaultNodeLabels } from './node-info'

const attachDetachAnnotation = 'volumes.kubernetes.io/controller-managed-attach-detach'

/**
 * What a kubelet does when it finds its Node already registered (someone ran
 * `kubectl create -f node.yaml`, or it restarted): puts back the default
 * labels and the attach/detach annotation it owns (updateDefaultLabels,
 * reconcileCMADAnnotationWithExistingNode). Resolves with the updated Node,
 * or undefined when nothing needed changing.
 */
export function reconcileRegistration(nodes: ResourceClient<Node>, nodeName: string): Promise<Node | undefined> {
  return updateObject(nodes, undefined, nodeName, (node) => {
    const meta = (node.metadata ??= {})
    let changed = false
    for (const [k, v] of Object.entries(defaultNodeLabels(nodeName))) {
      if (meta.labels?.[k] === v) continue
      meta.labels = { ...meta.labels, [k]: v }
      changed = true
    }
    if (meta.annotations?.[attachDetachAnnotation] !== 'true') {
      meta.annotations = { ...meta.annotations, [attachDetachAnnotation]: 'true' }
      changed = true
    }
    return changed
  })
}
