/**
 * Development-time generator of generated/kube-schemas.json: reads the
 * `kubernetes-types` declaration files with the TypeScript compiler API and
 * writes the schema model (see model.ts) of every type reachable from the
 * served kinds, with the doc comments as descriptions.
 *
 *   npx tsx main/cluster/registry/schema/generate.ts
 *
 * kubernetes-types types every number as `number`; integer formats come from
 * the hints below (int32 unless listed as int64). Fields newer than the
 * package live in overlay.ts, not here.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { allDefinitions } from '../kinds'
import { Registry } from '../registry'
import { type PropertyNode, type SchemaModel, type SchemaNode, type TypeDef, definitionPrefix, moduleOf } from './model'

/** Kinds beyond the registry's that requests and responses carry. */
const extraRoots = [
  'autoscaling/v1.Scale',
  'policy/v1.Eviction',
  'authentication/v1.TokenRequest',
  'core/v1.Binding',
  'meta/v1.Status',
  'meta/v1.ListMeta',
  'meta/v1.DeleteOptions',
  'meta/v1.WatchEvent',
  'meta/v1.Patch',
  'meta/v1.APIResourceList'
]

/** int64 fields, as `Type.field` or `*.field` (any type); every other integer is int32. */
const int64Fields = new Set([
  '*.generation',
  '*.observedGeneration',
  '*.deletionGracePeriodSeconds',
  '*.terminationGracePeriodSeconds',
  '*.gracePeriodSeconds',
  '*.activeDeadlineSeconds',
  '*.startingDeadlineSeconds',
  '*.tolerationSeconds',
  '*.runAsUser',
  '*.runAsGroup',
  '*.fsGroup',
  '*.supplementalGroups',
  '*.expirationSeconds',
  '*.sizeBytes',
  '*.remainingItemCount',
  'SleepAction.seconds',
  'ControllerRevision.revision'
])

/** int32 fields a `*.field` int64 hint would otherwise catch. */
const int32Fields = new Set(['CertificateSigningRequestSpec.expirationSeconds'])

/** `format: byte` string fields (base64 on the wire), as `Type.field`. */
const byteFields = new Set([
  'Secret.data',
  'ConfigMap.binaryData',
  'WebhookClientConfig.caBundle',
  'CertificateSigningRequestSpec.request',
  'CertificateSigningRequestStatus.certificate'
])

/** Types kubernetes-types inlines or aliases that Kubernetes names. */
const intOrStringDef = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'

/** Our own words: kubernetes-types inlines IntOrString as `number | string` and drops its doc comment. */
const intOrStringDescription =
  'IntOrString holds either an integer (int32) or a string, such as a port number or a port name. In JSON and YAML it is written as whichever of the two it holds.'

interface Module {
  name: string
  interfaces: Map<string, ts.InterfaceDeclaration>
  aliases: Map<string, ts.TypeAliasDeclaration>
  /** Imported name -> module. */
  imports: Map<string, string>
}

const packageRoot = dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'))
const packageVersion = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version
const modules = new Map<string, Module>()

function loadModule(name: string): Module {
  const cached = modules.get(name)
  if (cached) return cached
  const file = join(packageRoot, `${name}.d.ts`)
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const mod: Module = { name, interfaces: new Map(), aliases: new Map(), imports: new Map() }
  for (const st of source.statements) {
    if (ts.isInterfaceDeclaration(st)) mod.interfaces.set(st.name.text, st)
    else if (ts.isTypeAliasDeclaration(st)) mod.aliases.set(st.name.text, st)
    else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = posix.normalize(posix.join(posix.dirname(name), st.moduleSpecifier.text))
      const bindings = st.importClause?.namedBindings
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) mod.imports.set(el.name.text, target)
    }
  }
  modules.set(name, mod)
  return mod
}

/** The doc comment of a declaration, as plain text. */
function docOf(node: ts.Node): string | undefined {
  const parts = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .filter((s) => s.length > 0)
  return parts.length ? parts.join('\n') : undefined
}

/** The types found so far, and those still to read. */
interface Walk {
  types: Record<string, TypeDef>
  queue: Array<{ module: string; name: string }>
}

function enqueue(w: Walk, module: string, name: string): string {
  const def = `${definitionPrefix(module)}.${name}`
  if (!(def in w.types)) {
    w.types[def] = {}
    w.queue.push({ module, name })
  }
  return def
}

/** The module a name refers to from inside `mod`. */
function resolve(mod: Module, name: string): string {
  return mod.imports.get(name) ?? mod.name
}

function integerFormat(typeName: string, field: string): 'int32' | 'int64' {
  if (int32Fields.has(`${typeName}.${field}`)) return 'int32'
  return int64Fields.has(`*.${field}`) || int64Fields.has(`${typeName}.${field}`) ? 'int64' : 'int32'
}

/** Converts a property's type annotation. `field` names the property for format hints. */
function convert(w: Walk, mod: Module, node: ts.TypeNode, typeName: string, field: string): SchemaNode {
  if (node.kind === ts.SyntaxKind.StringKeyword) {
    return byteFields.has(`${typeName}.${field}`) ? { type: 'string', format: 'byte' } : { type: 'string' }
  }
  if (node.kind === ts.SyntaxKind.NumberKeyword) return { type: 'integer', format: integerFormat(typeName, field) }
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: 'string' }
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: convert(w, mod, node.elementType, typeName, field) }
  if (ts.isUnionTypeNode(node)) {
    const kinds = node.types.map((t) => t.kind).sort()
    if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) {
      w.types[intOrStringDef] ??= { description: intOrStringDescription, opaque: 'int-or-string' }
      return { ref: intOrStringDef }
    }
  }
  if (ts.isTypeLiteralNode(node) && node.members.length === 1 && ts.isIndexSignatureDeclaration(node.members[0])) {
    const sig = node.members[0]
    return { type: 'object', additionalProperties: convert(w, mod, sig.type, typeName, field) }
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text
    if (name === 'Array' && node.typeArguments?.length === 1) {
      return { type: 'array', items: convert(w, mod, node.typeArguments[0], typeName, field) }
    }
    return { ref: enqueue(w, resolve(mod, name), name) }
  }
  throw new Error(`${mod.name} ${typeName}.${field}: unsupported type ${node.getText()}`)
}

/** GVK from the literal types of `apiVersion` and `kind`, for top-level kinds. */
function gvkOf(decl: ts.InterfaceDeclaration): TypeDef['gvk'] {
  const literal = (prop: string): string | undefined => {
    const m = decl.members.find((x) => ts.isPropertySignature(x) && x.name.getText() === prop) as ts.PropertySignature | undefined
    const t = m?.type
    return t && ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined
  }
  const apiVersion = literal('apiVersion')
  const kind = literal('kind')
  if (!apiVersion || !kind) return undefined
  const slash = apiVersion.indexOf('/')
  return [{ group: slash < 0 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind }]
}

function build(w: Walk, module: string, name: string): TypeDef {
  const mod = loadModule(module)
  const alias = mod.aliases.get(name)
  if (alias) {
    // apiextensions' JSONSchemaPropsOr{Bool,Array,StringArray}: a schema or something simpler, opaque as in the real document.
    if (ts.isUnionTypeNode(alias.type)) return { description: docOf(alias), opaque: 'object' }
    if (alias.type.kind !== ts.SyntaxKind.StringKeyword) throw new Error(`${module}.${name}: unsupported alias`)
    return { description: docOf(alias), opaque: name === 'Quantity' ? 'quantity' : 'date-time' }
  }
  const decl = mod.interfaces.get(name)
  if (!decl) throw new Error(`${module}.${name}: not declared`)
  const def: TypeDef = { description: docOf(decl) }
  const members = decl.members.filter(ts.isPropertySignature)
  if (members.length === 0) return { ...def, opaque: 'object' }
  const gvk = gvkOf(decl)
  if (gvk) def.gvk = gvk
  const properties: Record<string, PropertyNode> = {}
  const required: string[] = []
  for (const m of members) {
    const field = ts.isStringLiteral(m.name) ? m.name.text : m.name.getText()
    if (!m.type) throw new Error(`${module}.${name}.${field}: no type`)
    const prop: PropertyNode = convert(w, mod, m.type, name, field)
    const doc = docOf(m)
    if (doc) prop.description = doc
    properties[field] = prop
    if (!m.questionToken) required.push(field)
  }
  def.properties = properties
  if (required.length) def.required = required
  return def
}

/** The API group of Kubelab's own kinds (PacketTrace, TrafficGenerator). */
const kubelabGroup = 'kubelab.dev'

/** Builds the model from the registry's kinds and the extra roots. */
export function generateModel(): SchemaModel {
  const w: Walk = { types: {}, queue: [] }
  for (const d of allDefinitions) {
    // Kubelab's own kinds have no kubernetes-types module: their schemas are written in kubelab-types.ts.
    if (d.group === kubelabGroup) continue
    // Nor has kube-aggregator's apiregistration.k8s.io: apiregistration-types.ts.
    if (d.group === 'apiregistration.k8s.io') continue
    for (const version of Registry.versionsOf(d)) {
      enqueue(w, moduleOf(d.group, version), d.kind)
      // Create-only kinds (the reviews) have no list type.
      if (!d.createOnly) enqueue(w, moduleOf(d.group, version), `${d.kind}List`)
    }
  }
  for (const root of extraRoots) {
    const dot = root.lastIndexOf('.')
    enqueue(w, root.slice(0, dot), root.slice(dot + 1))
  }
  for (let next = w.queue.shift(); next; next = w.queue.shift()) {
    w.types[`${definitionPrefix(next.module)}.${next.name}`] = build(w, next.module, next.name)
  }
  const sorted: Record<string, TypeDef> = {}
  for (const k of Object.keys(w.types).sort()) sorted[k] = w.types[k]
  return { source: `kubernetes-types ${packageVersion}`, types: sorted }
}

/** The generated file's path. */
export const generatedModelPath = join(dirname(fileURLToPath(import.meta.url)), 'generated', 'kube-schemas.json')

/** The model as the file holds it. */
export function generatedModelText(): string {
  return JSON.stringify(generateModel(), null, 1) + '\n'
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const text = generatedModelText()
  writeFileSync(generatedModelPath, text)
  console.log(`wrote ${generatedModelPath}: ${Object.keys((JSON.parse(text) as SchemaModel).types).length} types, ${text.length} bytes`)
}
