import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1'
import { isAlreadyExists, isNotFound, isStatusError } from '../apimachinery/errors'
import { ControllerComponent } from '../client/controller-component'
import type { Informer } from '../client/informer'
import type { Component, ComponentFactory } from '../component'

/**
 * The service accounts controller (pkg/controller/serviceaccount,
 * serviceaccounts_controller.go): every Active namespace has a `default`
 * ServiceAccount, the one pods run as when they name none. A new namespace
 * gets it at once; a deleted one comes back.
 */

const namespacesGVR = { group: '', version: 'v1', resource: 'namespaces' }
const serviceAccountsGVR = { group: '', version: 'v1', resource: 'serviceaccounts' }
const controllerName = 'serviceaccount-controller'

/** ServiceAccountsControllerOptions.ServiceAccounts as kube-controller-manager sets it. */
const ensured = ['default']

async function syncNamespace(namespaces: Informer<Namespace>, accounts: Informer<ServiceAccount>, create: (sa: ServiceAccount) => Promise<unknown>, name: string): Promise<void> {
  const ns = namespaces.getByName(undefined, name)
  // A namespace being deleted gets nothing new.
  if (!ns || ns.status?.phase !== 'Active') return
  for (const sa of ensured) {
    if (accounts.getByName(name, sa)) continue
    try {
      await create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: name } })
    } catch (e) {
      // Created meanwhile, or the namespace started terminating.
      if (!isAlreadyExists(e) && !isNotFound(e) && !(isStatusError(e) && e.code === 403)) throw e
    }
  }
}

export const serviceAccountsComponent: ComponentFactory = (ctx): Component => {
  const component = new ControllerComponent(ctx, controllerName)
  const namespaces = component.informer<Namespace>(namespacesGVR)
  const accounts = component.informer<ServiceAccount>(serviceAccountsGVR)
  const client = component.resourceClient<ServiceAccount>(serviceAccountsGVR)
  component.controller({
    watches: [
      { resource: namespacesGVR, keys: (ns) => [ns.metadata?.name ?? ''] },
      // Only the loss of an ensured account concerns its namespace.
      { resource: serviceAccountsGVR, keys: (sa) => (ensured.includes(sa.metadata?.name ?? '') ? [sa.metadata?.namespace ?? ''] : []) }
    ],
    reconcile: (key) => syncNamespace(namespaces, accounts, (sa) => client.create(sa), key)
  })
  return component
}
