/**
 * Kubelab's OpenAPI v3 documents against the real Kubernetes 1.32 ones in
 * ../shared/reference/openapi-v3-1.32 (comparison only; nothing is copied).
 * For every served kind: the property paths (to depth 6), their types and
 * formats, required fields and patch extensions; for every served resource:
 * the paths, operations, parameters and responses. Skipped when the
 * reference folder is absent (a fresh clone).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OpenApiService } from '../../main/cluster/apiserver/openapi/openapi-service'
import { attachSubresource } from '../../main/cluster/apiserver/handlers/attach'
import { bindingSubresource } from '../../main/cluster/apiserver/handlers/binding'
import { evictionSubresource } from '../../main/cluster/apiserver/handlers/eviction'
import { execSubresource } from '../../main/cluster/apiserver/handlers/exec'
import { logSubresource } from '../../main/cluster/apiserver/handlers/log'
import { namespaceFinalizeSubresource } from '../../main/cluster/apiserver/handlers/namespace-finalize'
import { proxySubresources } from '../../main/cluster/apiserver/handlers/proxy'
import { tokenRequestSubresource } from '../../main/cluster/apiserver/handlers/token-request'
import type { ServiceAccountTokens } from '../../main/cluster/apiserver/service-account-tokens'
import { allDefinitions } from '../../main/cluster/registry/kinds'
import { Registry } from '../../main/cluster/registry/registry'
import { definitionName } from '../../main/cluster/registry/schema/model'

type Json = Record<string, unknown>
interface Doc {
  paths: Record<string, Record<string, Json>>
  components: { schemas: Record<string, Json> }
}

const referenceDir = join(process.cwd(), '..', 'shared', 'reference', 'openapi-v3-1.32')
const present = existsSync(referenceDir)
if (!present) console.warn(`openapi reference tests skipped: ${referenceDir} not found`)

const maxDepth = 6
const methods = ['get', 'put', 'post', 'delete', 'patch']

/** Real fields we deliberately leave out (none so far). */
const omittedFields = new Set<string>([])

/** Real paths/operations we deliberately differ on: CustomResourceDefinitions are served read-only (no custom resources). */
const knownPathDifferences = new Set<string>(
  ['POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'DELETE /apis/apiextensions.k8s.io/v1/customresourcedefinitions']
    .concat(['PUT', 'DELETE', 'PATCH'].map((m) => `${m} /apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}`))
    .map((op) => `apis/apiextensions.k8s.io/v1 ${op}`)
)

/**
 * Real fields we do not compare: the nested JSON-Schema of a CRD's versions (JSONSchemaProps holding
 * JSONSchemaProps), deeper than kubernetes-types' unions let our model follow; CRDs are read-only and empty here.
 */
const omittedFieldPrefixes = ['CustomResourceDefinition.spec.versions[].schema.openAPIV3Schema.', 'CustomResourceDefinitionList.items[].spec.versions[].schema.openAPIV3Schema.']

/**
 * Patch tags Kubernetes has that apiserver/patch/patch-meta-core.ts does not
 * (yet): pod status container statuses.
 */
const knownPatchMisses = new Set([
  'io.k8s.api.core.v1.ContainerStatus.allocatedResourcesStatus',
  'io.k8s.api.core.v1.ContainerStatus.volumeMounts'
])

/** Subresources Kubelab does not serve; their real paths are not expected. */
const unservedSubresources = new Set(['portforward', 'resize'])
/** Resources whose proxy subresource Kubelab does not serve (nodes/proxy: the kubelet's own API). */
const unservedProxies = new Set(['nodes'])

/** The API server's subresources beyond status and scale (the log handler's node proxy is never called here). */
const noNodes = {} as Parameters<typeof logSubresource>[0]
const service = new OpenApiService(new Registry(allDefinitions), [
  evictionSubresource,
  namespaceFinalizeSubresource,
  bindingSubresource,
  logSubresource(noNodes),
  execSubresource,
  attachSubresource,
  ...proxySubresources(() => Promise.reject(new Error('never dialled here'))),
  // Only the subresource's shape is read here; no token is issued.
  tokenRequestSubresource({} as ServiceAccountTokens)
])

function served(): Array<{ gv: string; group: string; version: string; kinds: string[]; plurals: string[]; lists: string[] }> {
  const byGv = new Map<string, { gv: string; group: string; version: string; kinds: string[]; plurals: string[]; lists: string[] }>()
  for (const def of allDefinitions) {
    // Kubelab's own kinds (kubelab.dev) have no Kubernetes counterpart to compare with.
    if (def.group === 'kubelab.dev') continue
    for (const version of Registry.versionsOf(def)) {
      const gv = def.group === '' ? `api/${version}` : `apis/${def.group}/${version}`
      const e = byGv.get(gv) ?? { gv, group: def.group, version, kinds: [], plurals: [], lists: [] }
      e.kinds.push(def.kind)
      // Create-only kinds (the reviews) have no list type.
      if (!def.createOnly) e.lists.push(`${def.kind}List`)
      e.plurals.push(def.plural)
      byGv.set(gv, e)
    }
  }
  return [...byGv.values()]
}

function load(gv: string): Doc {
  return JSON.parse(readFileSync(join(referenceDir, `${gv}.json`), 'utf8')) as Doc
}

/** Follows `$ref` and `allOf: [{$ref}]` to the named schema. */
function resolve(doc: Doc, s: Json): Json {
  let cur = s
  for (let i = 0; i < 5; i++) {
    const ref = (cur.$ref as string | undefined) ?? ((cur.allOf as Json[] | undefined)?.[0]?.$ref as string | undefined)
    if (!ref) return cur
    cur = doc.components.schemas[ref.replace('#/components/schemas/', '')] ?? {}
  }
  return cur
}

/** Property paths under a schema: `spec.containers[].name`, `metadata.labels{}`; with the type/format at each. */
function propertyPaths(doc: Doc, root: Json): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (s: Json, path: string, depth: number): void => {
    const r = resolve(doc, s)
    out.set(path, `${(r.type as string) ?? (r.oneOf ? 'oneOf' : '')}/${(r.format as string) ?? ''}`)
    if (depth >= maxDepth) return
    if (r.items) walk(r.items as Json, `${path}[]`, depth)
    else if (r.additionalProperties && typeof r.additionalProperties === 'object') walk(r.additionalProperties as Json, `${path}{}`, depth)
    for (const [k, v] of Object.entries((r.properties as Record<string, Json>) ?? {})) walk(v, path ? `${path}.${k}` : k, depth + 1)
  }
  walk(root, '', 0)
  return out
}

describe.skipIf(!present)('OpenAPI v3 against Kubernetes 1.32', () => {
  for (const { gv, group, version, kinds, plurals, lists } of served()) {
    describe(gv, () => {
      const ours = service.document(gv) as Doc
      const real = present ? load(gv) : ({ paths: {}, components: { schemas: {} } } as Doc)

      it('has every property of the real schema of each kind, and no other', () => {
        const missing: string[] = []
        const extra: string[] = []
        const formats: string[] = []
        for (const kind of [...kinds, ...lists]) {
          const name = definitionName({ group, version, kind })
          expect(real.components.schemas, name).toHaveProperty(name)
          const r = propertyPaths(real, real.components.schemas[name])
          const o = propertyPaths(ours, ours.components.schemas[name])
          for (const [p, t] of r) {
            if (!o.has(p)) {
              const field = `${kind}.${p}`
              if (!omittedFields.has(field) && !omittedFieldPrefixes.some((prefix) => field.startsWith(prefix))) missing.push(field)
            } else if (o.get(p) !== t && !omittedFieldPrefixes.some((prefix) => `${kind}.${p}`.startsWith(prefix))) formats.push(`${kind}.${p}: ours ${o.get(p)} real ${t}`)
          }
          for (const p of o.keys()) if (!r.has(p)) extra.push(`${kind}.${p}`)
        }
        expect(missing, 'real fields we lack').toEqual([])
        expect(extra, 'fields Kubernetes 1.32 does not have').toEqual([])
        expect(formats, 'type/format differences').toEqual([])
      })

      it('matches the required fields, descriptions present and patch extensions of every type it renders', () => {
        const required: string[] = []
        const undocumented: string[] = []
        const wrongPatch: string[] = []
        const missingPatch: string[] = []
        for (const [name, s] of Object.entries(ours.components.schemas)) {
          const r = real.components.schemas[name]
          expect(r, `${name} is a real schema`).toBeDefined()
          const rr = [...((r.required as string[]) ?? [])].sort().join(',')
          const or = [...((s.required as string[]) ?? [])].sort().join(',')
          if (rr !== or) required.push(`${name}: ours [${or}] real [${rr}]`)
          const props = (s.properties as Record<string, Json>) ?? {}
          for (const [f, rp] of Object.entries((r.properties as Record<string, Json>) ?? {})) {
            const op = props[f]
            if (!op) continue
            if (rp.description && !op.description) undocumented.push(`${name}.${f}`)
            for (const ext of ['x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key']) {
              if (op[ext] !== undefined && op[ext] !== rp[ext]) wrongPatch.push(`${name}.${f} ${ext}: ours ${String(op[ext])} real ${String(rp[ext])}`)
              if (op[ext] === undefined && rp[ext] !== undefined && !knownPatchMisses.has(`${name}.${f}`)) missingPatch.push(`${name}.${f} ${ext}`)
            }
          }
          if (r.description && !s.description) undocumented.push(name)
        }
        expect(required, 'required fields').toEqual([])
        expect(undocumented, 'descriptions').toEqual([])
        expect(wrongPatch, 'patch extensions that differ').toEqual([])
        expect(missingPatch, 'patch extensions we lack').toEqual([])
      })

      it('has the real paths of the served resources, with the same operations', () => {
        const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`
        const problems: string[] = []
        for (const p of Object.keys(ours.paths)) if (!real.paths[p]) problems.push(`extra path ${p}`)
        for (const [p, item] of Object.entries(real.paths)) {
          let rest = p.slice(prefix.length + 1).split('/').filter(Boolean)
          if (rest[0] === 'watch') rest = rest.slice(1)
          if (rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest.length > 2) rest = rest.slice(2)
          if (!plurals.includes(rest[0] ?? '')) continue
          if (rest[2] && unservedSubresources.has(rest[2])) continue
          if (rest[2] === 'proxy' && unservedProxies.has(rest[0])) continue
          const mine = ours.paths[p]
          if (!mine) {
            problems.push(`missing path ${p}`)
            continue
          }
          const names = (it: Record<string, Json>, m: string): string =>
            [...((it.parameters as unknown as Json[]) ?? []), ...((it[m]?.parameters as Json[]) ?? [])]
              .map((x) => x.name as string)
              .sort()
              .join(',')
          for (const m of methods) {
            const label = `${gv} ${m.toUpperCase()} ${p}`
            if (knownPathDifferences.has(label)) continue
            if (!item[m] !== !mine[m]) {
              problems.push(`${label}: ${item[m] ? 'missing' : 'extra'} operation`)
              continue
            }
            if (!item[m]) continue
            for (const k of ['operationId', 'description', 'x-kubernetes-action', 'x-kubernetes-group-version-kind']) {
              if (JSON.stringify(mine[m][k]) !== JSON.stringify(item[m][k])) problems.push(`${label} ${k}: ours ${JSON.stringify(mine[m][k])} real ${JSON.stringify(item[m][k])}`)
            }
            if (names(mine, m) !== names(item, m)) problems.push(`${label} parameters: ours ${names(mine, m)} real ${names(item, m)}`)
            const responses = (it: Json): string =>
              Object.entries(it.responses as Record<string, Json>)
                .map(([code, r]) => {
                  // Every media type but CBOR (Kubelab does not serve it), with its schema.
                  const types = Object.entries((r.content as Record<string, Json>) ?? {})
                    .filter(([t]) => !t.startsWith('application/cbor'))
                    .sort(([a], [b]) => a.localeCompare(b))
                  return `${code}:${types.map(([t, c]) => `${t}=${JSON.stringify(c.schema)}`).join(',')}`
                })
                .join(' ')
            if (responses(mine[m]) !== responses(item[m])) problems.push(`${label} responses: ours ${responses(mine[m])} real ${responses(item[m])}`)
          }
        }
        expect(problems).toEqual([])
      })
    })
  }
})
