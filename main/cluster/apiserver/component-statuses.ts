import type { KubeObject } from '../apimachinery/types'
import type { Resources } from '../registry/resources'

/**
 * What `kubectl get componentstatuses` reports. kube-apiserver probes the
 * scheduler's and controller-manager's health endpoints and etcd; in Kubelab
 * they run in the same process as this API front, so while it answers they
 * are up, and each is Healthy with the message the probes give ("ok").
 */
const components = ['scheduler', 'controller-manager', 'etcd-0']

function componentStatus(name: string): KubeObject {
  return {
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: null as unknown as string },
    conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }]
  } as KubeObject
}

/** Registers the computation of the ComponentStatus kind. */
export function answerComponentStatuses(resources: Resources): void {
  resources.answerReads('', 'componentstatuses', () => components.map(componentStatus))
}
