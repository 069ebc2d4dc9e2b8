import { WireWriter } from './encode-wire'

/**
 * Encodes a Swagger 2.0 document (as JSON data) into the protobuf form
 * client-go asks for with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
 * and unmarshals into gnostic's `openapi_v2.Document`. The field numbers are
 * those of gnostic's openapiv2/OpenAPIv2.proto (package openapi.v2); they are
 * part of the wire format. Only the parts a Kubernetes document uses are
 * written: info, paths with their operations, query/path/body parameters and
 * responses, definitions, the security definitions, and `x-` vendor
 * extensions, whose values travel as `Any{yaml}` (JSON text, which is YAML).
 */

type Json = Record<string, unknown>

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)
const strs = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/** Any { google.protobuf.Any value = 1; string yaml = 2; } */
function any(w: WireWriter, value: unknown): void {
  w.string(2, JSON.stringify(value))
}

/** repeated NamedAny at `field` for every `x-` key of `o`. NamedAny { string name = 1; Any value = 2; } */
function vendorExtensions(w: WireWriter, field: number, o: Json): void {
  for (const [name, value] of Object.entries(o)) {
    if (!name.startsWith('x-') || value === undefined) continue
    w.message(field, (n) => n.string(1, name).message(2, (a) => any(a, value)))
  }
}

/** Schema (fields 1..31 of openapi.v2.Schema). */
export function writeSchema(w: WireWriter, s: Json): void {
  w.string(1, str(s.$ref))
  w.string(2, str(s.format))
  w.string(3, str(s.title))
  w.string(4, str(s.description))
  if (s.default !== undefined) w.message(5, (a) => any(a, s.default))
  w.double(6, num(s.multipleOf))
  w.double(7, num(s.maximum))
  w.bool(8, bool(s.exclusiveMaximum))
  w.double(9, num(s.minimum))
  w.bool(10, bool(s.exclusiveMinimum))
  w.int64(11, num(s.maxLength))
  w.int64(12, num(s.minLength))
  w.string(13, str(s.pattern))
  w.int64(14, num(s.maxItems))
  w.int64(15, num(s.minItems))
  w.bool(16, bool(s.uniqueItems))
  w.int64(17, num(s.maxProperties))
  w.int64(18, num(s.minProperties))
  w.strings(19, strs(s.required))
  for (const e of list(s.enum)) w.message(20, (a) => any(a, e))
  // AdditionalPropertiesItem { oneof { Schema schema = 1; bool boolean = 2; } }
  const additional = s.additionalProperties
  if (typeof additional === 'boolean') w.message(21, (a) => a.tag(2, 0).varint(additional ? 1 : 0))
  else if (obj(additional)) w.message(21, (a) => a.message(1, (x) => writeSchema(x, obj(additional)!)))
  // TypeItem { repeated string value = 1; }
  if (s.type !== undefined) w.message(22, (t) => t.strings(1, typeof s.type === 'string' ? [s.type] : strs(s.type)))
  // ItemsItem { repeated Schema schema = 1; }
  if (s.items !== undefined) w.message(23, (i) => (Array.isArray(s.items) ? s.items : [s.items]).forEach((item) => obj(item) && i.message(1, (x) => writeSchema(x, obj(item)!))))
  for (const sub of list(s.allOf)) if (obj(sub)) w.message(24, (x) => writeSchema(x, obj(sub)!))
  // Properties { repeated NamedSchema additional_properties = 1; } NamedSchema { string name = 1; Schema value = 2; }
  const properties = obj(s.properties)
  if (properties) w.message(25, (p) => namedSchemas(p, properties))
  w.string(26, str(s.discriminator))
  w.bool(27, bool(s.readOnly))
  if (s.example !== undefined) w.message(30, (a) => any(a, s.example))
  vendorExtensions(w, 31, s)
}

function namedSchemas(w: WireWriter, schemas: Json): void {
  for (const [name, schema] of Object.entries(schemas)) {
    const s = obj(schema)
    if (s) w.message(1, (n) => n.string(1, name).message(2, (x) => writeSchema(x, s)))
  }
}

/**
 * A non-body parameter's sub-schema. Query and path sub-schemas share a
 * layout except that the query one has allow_empty_value at 5, shifting the
 * later fields by one: `at(n)` gives the path numbering `n` in either.
 */
function parameterSubSchema(w: WireWriter, p: Json, query: boolean): void {
  const at = (pathField: number): number => (query && pathField >= 5 ? pathField + 1 : pathField)
  w.bool(1, bool(p.required))
  w.string(2, str(p.in))
  w.string(3, str(p.description))
  w.string(4, str(p.name))
  if (query) w.bool(5, bool(p.allowEmptyValue))
  w.string(at(5), str(p.type))
  w.string(at(6), str(p.format))
  w.string(at(8), str(p.collectionFormat))
  if (p.default !== undefined) w.message(at(9), (a) => any(a, p.default))
  w.bool(at(19), bool(p.uniqueItems))
  for (const e of list(p.enum)) w.message(at(20), (a) => any(a, e))
  vendorExtensions(w, at(22), p)
}

/** ParametersItem { oneof { Parameter parameter = 1; JsonReference json_reference = 2; } } */
function parametersItem(w: WireWriter, p: Json): void {
  if (typeof p.$ref === 'string') {
    w.message(2, (r) => r.string(1, str(p.$ref)).string(2, str(p.description)))
    return
  }
  // Parameter { oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }
  w.message(1, (param) => {
    if (p.in === 'body') {
      // BodyParameter { description 1, name 2, in 3, required 4, schema 5, vendor_extension 6 }
      param.message(1, (b) => {
        b.string(1, str(p.description)).string(2, str(p.name)).string(3, 'body').bool(4, bool(p.required))
        if (obj(p.schema)) b.message(5, (x) => writeSchema(x, obj(p.schema)!))
        vendorExtensions(b, 6, p)
      })
      return
    }
    // NonBodyParameter { header 1, form_data 2, query 3, path 4 }; a header is laid out as a path parameter, form data as a query one.
    const which = p.in === 'path' ? 4 : p.in === 'query' ? 3 : p.in === 'header' ? 1 : 2
    param.message(2, (nb) => nb.message(which, (x) => parameterSubSchema(x, p, which !== 4 && which !== 1)))
  })
}

/** Responses { repeated NamedResponseValue response_code = 1; repeated NamedAny vendor_extension = 2; } */
function responses(w: WireWriter, r: Json): void {
  for (const [code, value] of Object.entries(r)) {
    const resp = obj(value)
    if (!resp || code.startsWith('x-')) continue
    // NamedResponseValue { name 1, value 2 }; ResponseValue { Response response = 1; }
    // Response { description 1, SchemaItem schema 2, ..., vendor_extension 5 }; SchemaItem { Schema schema = 1; }
    w.message(1, (n) =>
      n.string(1, code).message(2, (rv) =>
        rv.message(1, (x) => {
          x.string(1, str(resp.description))
          if (obj(resp.schema)) x.message(2, (si) => si.message(1, (s) => writeSchema(s, obj(resp.schema)!)))
          vendorExtensions(x, 5, resp)
        })
      )
    )
  }
  vendorExtensions(w, 2, r)
}

/** Operation { tags 1, summary 2, description 3, operation_id 5, produces 6, consumes 7, parameters 8, responses 9, schemes 10, deprecated 11, vendor_extension 13 } */
function operation(w: WireWriter, op: Json): void {
  w.strings(1, strs(op.tags))
  w.string(2, str(op.summary))
  w.string(3, str(op.description))
  w.string(5, str(op.operationId))
  w.strings(6, strs(op.produces))
  w.strings(7, strs(op.consumes))
  for (const p of list(op.parameters)) if (obj(p)) w.message(8, (x) => parametersItem(x, obj(p)!))
  if (obj(op.responses)) w.message(9, (x) => responses(x, obj(op.responses)!))
  w.strings(10, strs(op.schemes))
  w.bool(11, bool(op.deprecated))
  vendorExtensions(w, 13, op)
}

const methodFields: Array<[string, number]> = [
  ['get', 2],
  ['put', 3],
  ['post', 4],
  ['delete', 5],
  ['options', 6],
  ['head', 7],
  ['patch', 8]
]

/** PathItem { _ref 1, get 2, put 3, post 4, delete 5, options 6, head 7, patch 8, parameters 9, vendor_extension 10 } */
function pathItem(w: WireWriter, item: Json): void {
  w.string(1, str(item.$ref))
  for (const [method, field] of methodFields) {
    const op = obj(item[method])
    if (op) w.message(field, (x) => operation(x, op))
  }
  for (const p of list(item.parameters)) if (obj(p)) w.message(9, (x) => parametersItem(x, obj(p)!))
  vendorExtensions(w, 10, item)
}

/**
 * SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1; }:
 * only the apiKey kind (SecurityDefinitionsItem field 2, ApiKeySecurity { type 1, name 2, in 3, description 4 }).
 */
function securityDefinitions(w: WireWriter, defs: Json): void {
  for (const [name, value] of Object.entries(defs)) {
    const d = obj(value)
    if (!d || d.type !== 'apiKey') continue
    w.message(1, (n) => n.string(1, name).message(2, (item) => item.message(2, (k) => k.string(1, 'apiKey').string(2, str(d.name)).string(3, str(d.in)).string(4, str(d.description)))))
  }
}

/** SecurityRequirement { repeated NamedStringArray additional_properties = 1; }, NamedStringArray { name 1, StringArray { repeated string value = 1; } value 2 } */
function securityRequirement(w: WireWriter, req: Json): void {
  for (const [name, scopes] of Object.entries(req)) w.message(1, (n) => n.string(1, name).message(2, (a) => a.strings(1, strs(scopes))))
}

/** The gnostic openapi_v2.Document bytes of a Swagger 2.0 document. */
export function encodeOpenApiV2(doc: Json): Uint8Array {
  const w = new WireWriter()
  w.string(1, str(doc.swagger))
  const info = obj(doc.info)
  // Info { title 1, version 2, description 3, terms_of_service 4, ..., vendor_extension 7 }
  if (info) {
    w.message(2, (i) => {
      i.string(1, str(info.title)).string(2, str(info.version)).string(3, str(info.description))
      vendorExtensions(i, 7, info)
    })
  }
  w.string(3, str(doc.host))
  w.string(4, str(doc.basePath))
  w.strings(5, strs(doc.schemes))
  w.strings(6, strs(doc.consumes))
  w.strings(7, strs(doc.produces))
  // Paths { repeated NamedAny vendor_extension = 1; repeated NamedPathItem path = 2; }, NamedPathItem { name 1, PathItem value 2 }
  const paths = obj(doc.paths)
  if (paths) {
    w.message(8, (ps) => {
      vendorExtensions(ps, 1, paths)
      for (const [name, item] of Object.entries(paths)) if (!name.startsWith('x-') && obj(item)) ps.message(2, (n) => n.string(1, name).message(2, (x) => pathItem(x, obj(item)!)))
    })
  }
  // Definitions { repeated NamedSchema additional_properties = 1; }
  const definitions = obj(doc.definitions)
  if (definitions) w.message(9, (d) => namedSchemas(d, definitions))
  for (const req of list(doc.security)) if (obj(req)) w.message(12, (x) => securityRequirement(x, obj(req)!))
  const security = obj(doc.securityDefinitions)
  if (security) w.message(13, (x) => securityDefinitions(x, security))
  vendorExtensions(w, 16, doc)
  return w.finish()
}
