import type { MutatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1'
import type { KubeObject } from '../../apimachinery/types'
import { path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { defaultWebhooks, validateWebhooks, webhookConfigurationColumns } from './admission-webhooks'

/**
 * admissionregistration.k8s.io/v1 MutatingWebhookConfiguration: webhooks
 * the apiserver would ask to change matching requests before they are
 * stored (Istio's sidecar injector, cert-manager install one). Stored, defaulted and validated so their
 * manifests apply; Kubelab calls no webhooks.
 */
export type MutatingWebhookConfigurationObject = MutatingWebhookConfiguration & KubeObject

function validate(c: MutatingWebhookConfigurationObject) {
  return [...validateCoreObjectMeta(c.metadata, false, nameIsDNSSubdomain, path('metadata')), ...validateWebhooks(c.webhooks, true)]
}

export const mutatingWebhookConfigurationDefinition: ResourceDefinition<MutatingWebhookConfigurationObject> = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  kind: 'MutatingWebhookConfiguration',
  plural: 'mutatingwebhookconfigurations',
  singular: 'mutatingwebhookconfiguration',
  shortNames: [],
  categories: ['api-extensions'],
  namespaced: false,
  hasStatus: false,
  tableColumns: webhookConfigurationColumns(),

  defaults(c) {
    defaultWebhooks(c.webhooks, true)
  },

  validate
}
