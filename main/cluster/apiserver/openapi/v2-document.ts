import type { OpenApiService } from './openapi-service'

/**
 * The Swagger 2.0 document `GET /openapi/v2` answers, derived from the
 * OpenAPI v3 documents of every served group-version (one model, two
 * spellings): the same paths and operations with v2 parameters (`type` on
 * the parameter, the request body as an `in: body` parameter, `consumes` and
 * `produces` instead of content maps), and `definitions` holding the union of
 * the v3 `components.schemas`, rewritten as the apiserver's v2 spells them:
 * `$ref`s to `#/definitions/...`, a field's reference beside its description
 * (no `allOf` wrapper), Quantity and IntOrString as strings. kubectl uses it
 * for client-side validation of kinds whose PATCH operation does not declare
 * `fieldValidation` (create-only kinds such as SubjectAccessReview).
 */

type Json = Record<string, unknown>

const v3Prefix = '#/components/schemas/'

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)

/** A v3 schema as v2 writes it. */
export function schemaV2(s: Json): Json {
  const out: Json = {}
  const allOf = s.allOf
  // `{description, allOf: [{$ref}]}` -> `{description, $ref}`, as the v2 document has it.
  const single = Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && typeof allOf[0].$ref === 'string' ? (allOf[0] as Json) : undefined
  for (const [key, value] of Object.entries(s)) {
    if (key === 'allOf' && single) out.$ref = rewriteRef(single.$ref as string)
    else if (key === '$ref' && typeof value === 'string') out.$ref = rewriteRef(value)
    else if (key === 'oneOf' || key === 'x-kubernetes-int-or-string') continue
    else if (key === 'properties' && isObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObject(v) ? schemaV2(v) : v]))
    else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) out[key] = schemaV2(value)
    else if (key === 'allOf' && Array.isArray(value)) out.allOf = value.map((v) => (isObject(v) ? schemaV2(v) : v))
    else out[key] = value
  }
  // Quantity (`oneOf: [string, number]`) and IntOrString are strings in v2.
  if (s.oneOf !== undefined && out.type === undefined) out.type = 'string'
  return out
}

function rewriteRef(ref: string): string {
  return ref.startsWith(v3Prefix) ? `#/definitions/${ref.slice(v3Prefix.length)}` : ref
}

/** A v3 parameter (`schema: {type, uniqueItems}`) as a v2 one (`type`, `uniqueItems` on the parameter). */
export function parameterV2(p: Json): Json {
  const { schema, ...rest } = p
  return isObject(schema) ? { ...rest, ...schema } : rest
}

function sortedKeys(o: Json): Json {
  const out: Json = {}
  for (const k of Object.keys(o).sort()) out[k] = o[k]
  return out
}

/** A v3 operation as a v2 one. */
export function operationV2(op: Json): Json {
  const { requestBody, responses, parameters, ...rest } = op
  const out: Json = { ...rest, schemes: ['https'] }
  const params: Json[] = []
  if (isObject(requestBody) && isObject(requestBody.content)) {
    const types = Object.keys(requestBody.content)
    const first = requestBody.content[types[0]]
    out.consumes = types
    const schema = isObject(first) && isObject(first.schema) ? schemaV2(first.schema) : undefined
    params.push({ in: 'body', name: 'body', ...(requestBody.required ? { required: true } : {}), ...(schema ? { schema } : {}) })
  }
  if (Array.isArray(parameters)) for (const p of parameters) if (isObject(p)) params.push(parameterV2(p))
  if (params.length) out.parameters = params
  if (isObject(responses)) {
    const v2: Json = {}
    for (const [code, r] of Object.entries(responses)) {
      if (!isObject(r)) continue
      const content = isObject(r.content) ? r.content : undefined
      const types = content ? Object.keys(content) : []
      if (types.length && out.produces === undefined) out.produces = types
      const first = content?.[types[0]]
      v2[code] = { description: r.description, ...(isObject(first) && isObject(first.schema) ? { schema: schemaV2(first.schema) } : {}) }
    }
    out.responses = v2
  }
  return sortedKeys(out)
}

/** A v3 path item as a v2 one. */
export function pathItemV2(item: Json): Json {
  const out: Json = {}
  for (const [key, value] of Object.entries(item)) {
    if (key === 'parameters' && Array.isArray(value)) out.parameters = value.map((p) => (isObject(p) ? parameterV2(p) : p))
    else if (isObject(value)) out[key] = operationV2(value)
    else out[key] = value
  }
  return out
}

/** The whole Swagger 2.0 document of the served API; `version` is the server's gitVersion. */
export function swaggerDocument(service: OpenApiService, version: string): Json {
  const paths: Json = {}
  const definitions: Json = {}
  for (const gv of service.groupVersionPaths()) {
    const doc = service.document(gv)
    if (!isObject(doc)) continue
    if (isObject(doc.paths)) for (const [path, item] of Object.entries(doc.paths)) if (isObject(item)) paths[path] = pathItemV2(item)
    const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {}
    for (const [name, schema] of Object.entries(schemas)) if (!(name in definitions) && isObject(schema)) definitions[name] = schemaV2(schema)
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version },
    paths: sortedKeys(paths),
    definitions: sortedKeys(definitions),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    security: [{ BearerToken: [] }]
  }
}
