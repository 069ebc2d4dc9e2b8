import { describe, expect, it } from 'vitest'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { type ValidatingWebhookConfigurationObject, validatingWebhookConfigurationDefinition as vDef } from '../../../main/cluster/registry/kinds/validatingwebhookconfiguration'
import { type MutatingWebhookConfigurationObject, mutatingWebhookConfigurationDefinition as mDef } from '../../../main/cluster/registry/kinds/mutatingwebhookconfiguration'

const webhook = (fields: Record<string, unknown> = {}) => ({
  name: 'validate.nginx.ingress.kubernetes.io',
  admissionReviewVersions: ['v1'],
  sideEffects: 'None',
  clientConfig: { service: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller-admission', path: '/networking/v1/ingresses' } },
  rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
  ...fields
})

function create(webhooks: unknown[]): { obj: ValidatingWebhookConfigurationObject; errors: string[] } {
  const obj = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'ingress-nginx-admission' }, webhooks } as unknown as ValidatingWebhookConfigurationObject
  vDef.defaults(obj)
  return { obj, errors: vDef.validate(obj).map(fieldErrorString) }
}

describe('webhook configurations', () => {
  it('defaults an ingress-nginx style webhook as the v1 API does', () => {
    const { obj, errors } = create([webhook()])
    expect(errors).toEqual([])
    expect(obj.webhooks![0]).toMatchObject({ failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10, rules: [{ scope: '*' }] })
    expect(obj.webhooks![0].clientConfig.service!.port).toBe(443)
    const m = { metadata: { name: 'inject' }, webhooks: [webhook({ name: 'sidecar.istio.io.example' })] } as unknown as MutatingWebhookConfigurationObject
    mDef.defaults(m)
    expect(m.webhooks![0].reinvocationPolicy).toBe('Never')
    expect(vDef.categories).toEqual(['api-extensions'])
    expect(vDef.tableColumns!.map((c) => c.name)).toEqual(['Name', 'Webhooks', 'Age'])
  })

  it('refuses what admissionregistration validation refuses', () => {
    expect(create([webhook({ name: 'short.name', sideEffects: 'Some', timeoutSeconds: 31, clientConfig: { url: 'http://example.com/hook' } }), webhook({ admissionReviewVersions: [] }), webhook()]).errors).toEqual([
      'webhooks[0].name: Invalid value: "short.name": should be a domain with at least three segments separated by dots',
      'webhooks[0].clientConfig.url: Invalid value: "http://example.com/hook": \'https\' is the only allowed URL scheme',
      'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
      'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
      'webhooks[1].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
      'webhooks[2].name: Duplicate value: "validate.nginx.ingress.kubernetes.io"'
    ])
    expect(create([webhook({ clientConfig: {} })]).errors).toEqual(['webhooks[0].clientConfig: Required value: exactly one of url or service is required'])
  })
})
