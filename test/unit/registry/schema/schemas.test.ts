import { describe, expect, it } from 'vitest'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { Registry } from '../../../../main/cluster/registry/registry'
import type { SchemaModel, SchemaNode } from '../../../../main/cluster/registry/schema/model'
import { definitionName } from '../../../../main/cluster/registry/schema/model'
import { applyOverlay, overlay132 } from '../../../../main/cluster/registry/schema/overlay'
import { schemaFor, schemaModel, schemaNameFor, typeDef } from '../../../../main/cluster/registry/schema/schemas'

function refs(node: SchemaNode): string[] {
  if ('ref' in node) return [node.ref]
  if (node.type === 'array') return refs(node.items)
  if (node.type === 'object') return refs(node.additionalProperties)
  return []
}

describe('schema model', () => {
  it('has every served kind and its list, in every served version, with its GVK', () => {
    for (const def of allDefinitions) {
      for (const version of Registry.versionsOf(def)) {
        const gvk = { group: def.group, version, kind: def.kind }
        const t = schemaFor(gvk)
        expect(t, definitionName(gvk)).toBeDefined()
        expect(t!.gvk).toEqual([gvk])
        expect(t!.properties).toHaveProperty('metadata')
        // Create-only kinds (reviews, PacketTrace) are never listed: no List type, as SubjectAccessReview has none.
        if (!def.createOnly) expect(schemaFor({ ...gvk, kind: `${def.kind}List` })?.properties).toHaveProperty('items')
      }
    }
    expect(schemaNameFor({ group: 'apps', version: 'v1', kind: 'Deployment' })).toBe('io.k8s.api.apps.v1.Deployment')
    expect(schemaNameFor({ group: 'apps', version: 'v1', kind: 'Nope' })).toBeUndefined()
  })

  it('resolves every reference', () => {
    for (const [name, def] of Object.entries(schemaModel.types)) {
      for (const [field, prop] of Object.entries(def.properties ?? {})) {
        for (const r of refs(prop)) expect(typeDef(r), `${name}.${field} -> ${r}`).toBeDefined()
      }
      for (const r of def.required ?? []) expect(def.properties, `${name} requires ${r}`).toHaveProperty(r)
    }
  })

  it('names types as Kubernetes does and marks the special ones', () => {
    expect(typeDef('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')?.properties?.generation).toMatchObject({ type: 'integer', format: 'int64' })
    expect(typeDef('io.k8s.apimachinery.pkg.apis.meta.v1.Time')?.opaque).toBe('date-time')
    expect(typeDef('io.k8s.apimachinery.pkg.api.resource.Quantity')?.opaque).toBe('quantity')
    expect(typeDef('io.k8s.apimachinery.pkg.util.intstr.IntOrString')?.opaque).toBe('int-or-string')
    expect(typeDef('io.k8s.apimachinery.pkg.runtime.RawExtension')?.opaque).toBe('object')
    expect(typeDef('io.k8s.api.core.v1.ServicePort')?.properties?.targetPort).toMatchObject({ ref: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' })
    expect(typeDef('io.k8s.api.core.v1.Secret')?.properties?.data).toMatchObject({ type: 'object', additionalProperties: { type: 'string', format: 'byte' } })
    expect(typeDef('io.k8s.api.core.v1.Container')?.required).toEqual(['name'])
    expect(typeDef('io.k8s.api.core.v1.Container')?.properties?.image?.description).toMatch(/^Container image name/)
  })

  it('carries the 1.32 overlay', () => {
    expect(typeDef('io.k8s.api.core.v1.PodSpec')?.properties?.resources).toMatchObject({ ref: 'io.k8s.api.core.v1.ResourceRequirements' })
    expect(typeDef('io.k8s.api.core.v1.PodResourceClaim')?.properties).not.toHaveProperty('source')
    expect(typeDef('io.k8s.api.core.v1.ClaimSource')).toBeUndefined()
    expect(typeDef('io.k8s.api.core.v1.HostAlias')?.required).toEqual(['ip'])
    const names = Object.keys(typeDef('io.k8s.api.core.v1.ContainerStatus')!.properties!)
    expect(names).toEqual([...names].sort())
  })
})

describe('applyOverlay', () => {
  const base: SchemaModel = { source: 'test', types: { A: { properties: { b: { type: 'string' }, c: { type: 'boolean' } }, required: ['c'] }, Old: { opaque: 'object' } } }

  it('adds and removes fields and types without touching its input', () => {
    const out = applyOverlay(base, {
      addTypes: { N: { properties: { x: { type: 'string' } } } },
      addProperties: { A: { a: { ref: 'N' } } },
      removeProperties: ['A.c'],
      removeTypes: ['Old'],
      addRequired: { A: ['b'] },
      typeDescriptions: { N: 'n' },
      fieldDescriptions: { A: { b: 'bee' } }
    })
    expect(out.types.N.description).toBe('n')
    expect(out.types.A.properties!.b.description).toBe('bee')
    expect(Object.keys(out.types.A.properties!)).toEqual(['a', 'b'])
    expect(out.types.A.required).toEqual(['b'])
    expect(out.types).not.toHaveProperty('Old')
    expect(base.types.A.properties).toHaveProperty('c')
    expect(base.types).toHaveProperty('Old')
  })

  it('refuses an overlay naming a type the model lacks', () => {
    expect(() => applyOverlay(base, { ...overlay132 })).toThrow(/no type/)
  })
})
