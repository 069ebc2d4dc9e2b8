import type { Node } from 'kubernetes-types/core/v1'
import type { CSINode } from 'kubernetes-types/storage/v1'
import { isAlreadyExists, isNotFound } from '../../apimachinery/errors'
import type { Client } from '../../client/types'
import { updateObject } from './api-writes'

/**
 * The kubelet's CSI node info manager (InitializeCSINodeWithAnnotation): once
 * its Node is registered, the kubelet makes the node's CSINode, owned by the
 * Node, with no drivers until a CSI driver registers on the node, and
 * annotated with the in-tree volume plugins whose calls 1.32 migrates to CSI
 * drivers. Kubelab's nodes run no CSI drivers, so the list stays empty, as on
 * a kind node.
 */

const migratedPluginsAnnotation = 'storage.alpha.kubernetes.io/migrated-plugins'

/** The in-tree plugins with CSI migration on in 1.32, sorted and joined as the kubelet writes them. */
const migratedPlugins = ['aws-ebs', 'azure-disk', 'azure-file', 'cinder', 'gce-pd', 'portworx-volume', 'vsphere-volume'].map((p) => `kubernetes.io/${p}`).join(',')

const csiNodesGVR = { group: 'storage.k8s.io', version: 'v1', resource: 'csinodes' }

/** Creates the node's CSINode, or puts back its annotation; a Node not yet known (no uid) waits for the next registration. */
export async function ensureCSINode(client: Client, node: Node): Promise<void> {
  const name = node.metadata?.name
  const uid = node.metadata?.uid
  if (!name || !uid) return
  const csiNodes = client.resource<CSINode>(csiNodesGVR)
  try {
    await csiNodes.create({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSINode',
      metadata: { name, annotations: { [migratedPluginsAnnotation]: migratedPlugins }, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid }] },
      // No drivers until one registers (a real kubelet's nil list reads `drivers: null`; here it is left out).
      spec: { drivers: [] }
    })
    return
  } catch (e) {
    if (!isAlreadyExists(e)) throw e
  }
  try {
    await updateObject(csiNodes, undefined, name, (csiNode) => {
      if (csiNode.metadata?.annotations?.[migratedPluginsAnnotation] === migratedPlugins) return false
      csiNode.metadata = { ...csiNode.metadata, annotations: { ...csiNode.metadata?.annotations, [migratedPluginsAnnotation]: migratedPlugins } }
      return true
    })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}
