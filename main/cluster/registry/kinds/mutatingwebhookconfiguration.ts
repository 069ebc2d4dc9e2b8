import type { MutatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1'
import type { KubeObject } from '../../apimachinery/types'
import { webhookConfigurationDefinition } from './admission-webhooks'

/**
 * admissionregistration.k8s.io/v1 MutatingWebhookConfiguration: webhooks
 * the apiserver would ask to change matching requests before they are
 * stored (Istio's sidecar injector, cert-manager install one). Stored, defaulted and validated so their
 * manifests apply; Kubelab calls no webhooks.
 */
export type MutatingWebhookConfigurationObject = MutatingWebhookConfiguration & KubeObject

export const mutatingWebhookConfigurationDefinition = webhookConfigurationDefinition<MutatingWebhookConfigurationObject>('MutatingWebhookConfiguration')
