import type { MutatingWebhook, RuleWithOperations, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { KubeObject } from '../../apimachinery/types'
import type { ResourceDefinition, TableColumn } from '../types'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { ageColumn, column, nameColumn } from '../columns/common'

/**
 * What MutatingWebhookConfiguration and ValidatingWebhookConfiguration share:
 * a webhook's v1 defaults (SetDefaults_ValidatingWebhook and friends) and
 * the main checks of admissionregistration validation (names, client
 * config, rules, policies, timeout). Kubelab stores webhook configurations
 * so that manifests carrying them apply; its apiserver calls no webhooks.
 */
type Webhook = ValidatingWebhook | MutatingWebhook

/** A rule with the Rule fields kubernetes-types leaves out of RuleWithOperations. */
type Rule = RuleWithOperations & { resources?: string[]; scope?: string }

const sideEffectClasses = ['None', 'NoneOnDryRun'] as const
const failurePolicies = ['Fail', 'Ignore'] as const
const matchPolicies = ['Equivalent', 'Exact'] as const
const operations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'] as const
const scopes = ['*', 'Cluster', 'Namespaced'] as const
const reinvocationPolicies = ['IfNeeded', 'Never'] as const
const reviewVersions = ['v1', 'v1beta1']

/** Fills the v1 defaults of each webhook; `mutating` adds reinvocationPolicy. */
export function defaultWebhooks(webhooks: Webhook[] | undefined, mutating: boolean): void {
  for (const w of webhooks ?? []) {
    w.failurePolicy ??= 'Fail'
    w.matchPolicy ??= 'Equivalent'
    w.namespaceSelector ??= {}
    w.objectSelector ??= {}
    w.timeoutSeconds ??= 10
    if (mutating) (w as MutatingWebhook).reinvocationPolicy ??= 'Never'
    for (const r of (w.rules ?? []) as Rule[]) r.scope ??= '*'
    if (w.clientConfig?.service) w.clientConfig.service.port ??= 443
  }
}

function oneOf(list: readonly string[], value: string | undefined, fp: string): FieldError[] {
  return value !== undefined && !list.includes(value) ? [field.notSupported(fp, value, list)] : []
}

function validateClientConfig(w: Webhook, fp: string): FieldError[] {
  const cc = w.clientConfig ?? {}
  const errs: FieldError[] = []
  if ((cc.url === undefined) === (cc.service === undefined)) return [field.required(`${fp}.clientConfig`, 'exactly one of url or service is required')]
  if (cc.url !== undefined) {
    let url: URL | undefined
    try {
      url = new URL(cc.url)
    } catch {
      errs.push(field.invalid(`${fp}.clientConfig.url`, cc.url, 'host must be specified'))
    }
    if (url && url.protocol !== 'https:') errs.push(field.invalid(`${fp}.clientConfig.url`, cc.url, "'https' is the only allowed URL scheme"))
    return errs
  }
  const s = cc.service!
  if (!s.name) errs.push(field.required(`${fp}.clientConfig.service.name`, 'service name is required'))
  if (!s.namespace) errs.push(field.required(`${fp}.clientConfig.service.namespace`, 'service namespace is required'))
  if (s.path !== undefined && !s.path.startsWith('/')) errs.push(field.invalid(`${fp}.clientConfig.service.path`, s.path, "must start with a '/'"))
  const port = s.port ?? 443
  if (port < 1 || port > 65535) errs.push(field.invalid(`${fp}.clientConfig.service.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'))
  return errs
}

/** The errors of a configuration's webhooks, at `webhooks[i]`. */
export function validateWebhooks(webhooks: Webhook[] | undefined, mutating: boolean): FieldError[] {
  const errs: FieldError[] = []
  const names = new Set<string>()
  ;(webhooks ?? []).forEach((w, i) => {
    const fp = `webhooks[${i}]`
    if (!w.name) errs.push(field.required(`${fp}.name`, ''))
    else {
      errs.push(...isDNS1123Subdomain(w.name).map((m) => field.invalid(`${fp}.name`, w.name, m)))
      if (w.name.split('.').length < 3) errs.push(field.invalid(`${fp}.name`, w.name, 'should be a domain with at least three segments separated by dots'))
      if (names.has(w.name)) errs.push(field.duplicate(`${fp}.name`, w.name))
      names.add(w.name)
    }
    if (!w.admissionReviewVersions?.length) errs.push(field.required(`${fp}.admissionReviewVersions`, `must specify one of ${reviewVersions.join(', ')}`))
    else if (!w.admissionReviewVersions.some((v) => reviewVersions.includes(v))) {
      errs.push(field.invalid(`${fp}.admissionReviewVersions`, w.admissionReviewVersions, `must include at least one of ${reviewVersions.join(', ')}`))
    }
    errs.push(...validateClientConfig(w, fp))
    if (w.sideEffects === undefined) errs.push(field.required(`${fp}.sideEffects`, `must specify one of ${sideEffectClasses.join(', ')}`))
    else errs.push(...oneOf(sideEffectClasses, w.sideEffects, `${fp}.sideEffects`))
    errs.push(...oneOf(failurePolicies, w.failurePolicy, `${fp}.failurePolicy`))
    errs.push(...oneOf(matchPolicies, w.matchPolicy, `${fp}.matchPolicy`))
    if (mutating) errs.push(...oneOf(reinvocationPolicies, (w as MutatingWebhook).reinvocationPolicy, `${fp}.reinvocationPolicy`))
    const timeout = w.timeoutSeconds
    if (timeout !== undefined && (timeout < 1 || timeout > 30)) errs.push(field.invalid(`${fp}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'))
    ;((w.rules ?? []) as Rule[]).forEach((r, j) => {
      const rp = `${fp}.rules[${j}]`
      if (!r.operations?.length) errs.push(field.required(`${rp}.operations`, ''))
      ;(r.operations ?? []).forEach((op, k) => errs.push(...oneOf(operations, op, `${rp}.operations[${k}]`)))
      if (!r.apiGroups?.length) errs.push(field.required(`${rp}.apiGroups`, ''))
      if (!r.apiVersions?.length) errs.push(field.required(`${rp}.apiVersions`, ''))
      if (!r.resources?.length) errs.push(field.required(`${rp}.resources`, ''))
      errs.push(...oneOf(scopes, r.scope, `${rp}.scope`))
    })
  })
  return errs
}

/** NAME WEBHOOKS AGE, as kube-apiserver's printer shows both kinds. */
export function webhookConfigurationColumns<T extends { metadata?: { name?: string; creationTimestamp?: string }; webhooks?: unknown[] }>(): TableColumn<T>[] {
  return [nameColumn(), column('Webhooks', 'Webhooks indicates the number of webhooks registered in this configuration', (c) => c.webhooks?.length ?? 0, 0, 'integer'), ageColumn()]
}

/**
 * The definition of a webhook configuration kind (Mutating or Validating):
 * stored, defaulted and validated as kube-apiserver does, cluster-scoped,
 * without status. Kubelab calls no webhooks.
 */
export function webhookConfigurationDefinition<T extends KubeObject & { webhooks?: Webhook[] }>(kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration'): ResourceDefinition<T> {
  const mutating = kind === 'MutatingWebhookConfiguration'
  const singular = kind.toLowerCase()
  return {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind,
    plural: `${singular}s`,
    singular,
    shortNames: [],
    categories: ['api-extensions'],
    namespaced: false,
    hasStatus: false,
    tableColumns: webhookConfigurationColumns(),

    defaults(c) {
      defaultWebhooks(c.webhooks, mutating)
    },

    validate(c) {
      return [...validateCoreObjectMeta(c.metadata, false, nameIsDNSSubdomain, path('metadata')), ...validateWebhooks(c.webhooks, mutating)]
    }
  }
}
