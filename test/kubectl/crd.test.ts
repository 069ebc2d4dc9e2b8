import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/*
 * CustomResourceDefinitions are served read-only and empty: kubectl lists
 * them (to tell a CRD from a built-in kind before validating client-side),
 * and a person asking for them gets the real "none" answers; creating one is
 * refused plainly, since Kubelab serves no custom resources.
 */
describe.skipIf(!hasKubectl)('customresourcedefinitions', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  })

  afterAll(async () => {
    await k?.stop()
  })

  it('lists none, by name and short name', async () => {
    for (const name of ['customresourcedefinitions', 'crd']) {
      const r = await k.run(['get', name])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr.trim()).toBe('No resources found')
    }
    const missing = await k.run(['get', 'crd', 'widgets.example.com'])
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "widgets.example.com" not found')
  })

  it('refuses to create one', async () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: widgets.example.com}',
      'spec:',
      '  group: example.com',
      '  names: {kind: Widget, plural: widgets}',
      '  scope: Namespaced',
      '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]',
      ''
    ].join('\n')
    const r = await k.run(['create', '-f', '-'], crd)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('the server does not allow this method on the requested resource')
  })
})
