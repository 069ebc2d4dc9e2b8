import type { ValidatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1'
import type { KubeObject } from '../../apimachinery/types'
import { webhookConfigurationDefinition } from './admission-webhooks'

/**
 * admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration: webhooks
 * the apiserver would ask to accept or refuse matching requests (ingress-nginx
 * and cert-manager install one). Stored, defaulted and validated so their
 * manifests apply; Kubelab calls no webhooks.
 */
export type ValidatingWebhookConfigurationObject = ValidatingWebhookConfiguration & KubeObject

export const validatingWebhookConfigurationDefinition = webhookConfigurationDefinition<ValidatingWebhookConfigurationObject>('ValidatingWebhookConfiguration')
