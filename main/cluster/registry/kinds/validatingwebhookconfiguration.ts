import type { ValidatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1'
import type { KubeObject } from '../../apimachinery/types'
import { path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { defaultWebhooks, validateWebhooks, webhookConfigurationColumns } from './admission-webhooks'

/**
 * admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration: webhooks
 * the apiserver would ask to accept or refuse matching requests (ingress-nginx
 * and cert-manager install one). Stored, defaulted and validated so their
 * manifests apply; Kubelab calls no webhooks.
 */
export type ValidatingWebhookConfigurationObject = ValidatingWebhookConfiguration & KubeObject

function validate(c: ValidatingWebhookConfigurationObject) {
  return [...validateCoreObjectMeta(c.metadata, false, nameIsDNSSubdomain, path('metadata')), ...validateWebhooks(c.webhooks, false)]
}

export const validatingWebhookConfigurationDefinition: ResourceDefinition<ValidatingWebhookConfigurationObject> = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  kind: 'ValidatingWebhookConfiguration',
  plural: 'validatingwebhookconfigurations',
  singular: 'validatingwebhookconfiguration',
  shortNames: [],
  categories: ['api-extensions'],
  namespaced: false,
  hasStatus: false,
  tableColumns: webhookConfigurationColumns(),

  defaults(c) {
    defaultWebhooks(c.webhooks, false)
  },

  validate
}
