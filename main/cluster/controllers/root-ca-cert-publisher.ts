import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1'
import { isNotFound, isStatusError } from '../apimachinery/errors'
import { ControllerComponent } from '../client/controller-component'
import type { Informer } from '../client/informer'
import type { ResourceClient } from '../client/types'
import type { Component, ComponentFactory } from '../component'

/**
 * The root CA certificate publisher (kube-controller-manager's
 * root-ca-cert-publisher, pkg/controller/certificates/rootcacertpublisher):
 * every namespace holds a ConfigMap `kube-root-ca.crt` whose `ca.crt` is the
 * cluster CA the API server's certificate chains to, so that a pod can verify
 * https://kubernetes.default.svc (the ServiceAccount admission mounts it at
 * /var/run/secrets/kubernetes.io/serviceaccount/ca.crt). A deleted or edited
 * one is put back.
 */

export const rootCAConfigMapName = 'kube-root-ca.crt'
const descriptionAnnotation = 'kubernetes.io/description'
const description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.'

const namespacesGVR = { group: '', version: 'v1', resource: 'namespaces' }
const configMapsGVR = { group: '', version: 'v1', resource: 'configmaps' }
const controllerName = 'root-ca-cert-publisher'

/** The namespace-terminating cause of the 403 a create in a Terminating namespace gets. */
const namespaceTerminatingCause = 'NamespaceTerminating'

function terminating(e: unknown): boolean {
  return isStatusError(e) && (e.status.details?.causes ?? []).some((c) => c.reason === namespaceTerminatingCause)
}

/** syncNamespace: create the ConfigMap when missing, restore its data and annotation when changed. */
async function syncNamespace(configMaps: Informer<ConfigMap>, client: ResourceClient<ConfigMap>, rootCA: string, namespace: string): Promise<void> {
  const data = { 'ca.crt': rootCA }
  const cm = configMaps.getByName(namespace, rootCAConfigMapName)
  if (!cm) {
    try {
      await client.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: rootCAConfigMapName, namespace, annotations: { [descriptionAnnotation]: description } },
        data
      })
    } catch (e) {
      // Not retried when the namespace is gone or terminating.
      if (isNotFound(e) || terminating(e)) return
      throw e
    }
    return
  }
  const sameData = Object.keys(cm.data ?? {}).length === 1 && cm.data?.['ca.crt'] === rootCA && !cm.binaryData
  if (sameData && cm.metadata?.annotations?.[descriptionAnnotation]) return
  const copy = structuredClone(cm)
  copy.data = data
  delete copy.binaryData
  copy.metadata = { ...copy.metadata, annotations: { ...copy.metadata?.annotations, [descriptionAnnotation]: description } }
  await client.update(copy)
}

export const rootCACertPublisherComponent: ComponentFactory = (ctx): Component => {
  const rootCA = ctx.rootCA
  // A cluster without a CA (none was given to it) has nothing to publish.
  if (!rootCA) return { name: controllerName, start: async () => {}, stop: async () => {} }
  const component = new ControllerComponent(ctx, controllerName)
  const configMaps = component.informer<ConfigMap>(configMapsGVR)
  const client = component.resourceClient<ConfigMap>(configMapsGVR)
  component.controller({
    watches: [
      // namespaceAdded, and namespaceUpdated while Active.
      { resource: namespacesGVR, keys: (ns: Namespace) => (ns.status?.phase === 'Terminating' ? [] : [ns.metadata?.name ?? '']) },
      // configMapUpdated / configMapDeleted: only this one ConfigMap concerns its namespace.
      { resource: configMapsGVR, keys: (cm: ConfigMap) => (cm.metadata?.name === rootCAConfigMapName ? [cm.metadata?.namespace ?? ''] : []) }
    ],
    reconcile: (namespace) => syncNamespace(configMaps, client, rootCA, namespace)
  })
  return component
}
