import type { IncomingMessage } from 'node:http'
import { Lexer, parseAllDocuments } from 'yaml'
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../apimachinery/errors'

/** The apiserver's limit on request bodies (MaxRequestBodyBytes). */
export const maxRequestBodyBytes = 3 * 1024 * 1024

/** Reads the whole body; over the limit it stops reading and throws 413. */
export async function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) {
    req.resume() // drain without keeping it
    throw requestEntityTooLarge(limit)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      req.resume()
      throw requestEntityTooLarge(limit)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** The media type without parameters, lower-cased; JSON when absent (kubectl sends PUT /scale without one). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0].trim().toLowerCase() || 'application/json'
}

/** Decoders for object bodies by media type; protobuf is registered by the server when available. */
export type BodyDecoder = (body: Buffer) => unknown

const decoders = new Map<string, BodyDecoder>([
  ['application/json', decodeJSON],
  ['application/yaml', decodeYAML],
  ['application/apply-patch+yaml', decodeYAML],
  ['application/json-patch+json', decodeJSON],
  ['application/merge-patch+json', decodeJSON],
  ['application/strategic-merge-patch+json', decodeJSON],
  ['*/*', decodeJSON]
])

/** Adds (or replaces) the decoder for a media type. */
export function registerDecoder(type: string, decoder: BodyDecoder): void {
  decoders.set(type, decoder)
}

/** Decodes a body by its Content-Type; 415 for a media type we cannot read. */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType)
  const decode = decoders.get(type)
  if (!decode) throw unsupportedMediaType(type)
  return decode(body)
}

/** How deeply a decoded body may nest: deeper ones are refused before any recursive code walks them. */
export const maxBodyDepth = 1000

/** Whether a JSON value nests deeper than `max` (arrays and objects), found without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

function decodeJSON(body: Buffer): unknown {
  const text = body.toString('utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`)
  }
  if (nestsDeeperThan(value, maxBodyDepth)) throw badRequest(`couldn't get version/kind; json parse error: exceeded max depth of ${maxBodyDepth}`)
  return value
}

/**
 * How deeply a YAML body may nest. The yaml library recurses once per level and,
 * some thousands of levels down, can take the whole process with it (a fatal
 * out-of-memory in V8's regexp compiler, not a catchable stack overflow), so
 * deeper bodies are refused before parsing.
 */
export const maxYAMLDepth = 500

/**
 * An upper bound on a YAML text's nesting depth, without parsing: the widest
 * run of indentation and block indicators (`-`, `?`, `:`) at the start of a
 * line (each block level takes at least one column of it), plus the deepest
 * nesting of flow collections, from the yaml lexer (which does not recurse).
 */
export function yamlDepthBound(text: string): number {
  let lead = 0
  for (const m of text.matchAll(/^[ \t?:-]+/gm)) lead = Math.max(lead, m[0].length)
  let flow = 0
  let maxFlow = 0
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') maxFlow = Math.max(maxFlow, ++flow)
    else if ((token === ']' || token === '}') && flow > 0) flow--
  }
  return lead + maxFlow
}

function decodeYAML(body: Buffer): unknown {
  const text = body.toString('utf8')
  if (yamlDepthBound(text) > maxYAMLDepth) throw badRequest(`error converting YAML to JSON: yaml: exceeded max depth of ${maxYAMLDepth}`)
  const docs = parseAllDocuments(text)
  const list = Array.isArray(docs) ? docs : [docs]
  const real = list.filter((d) => d.contents !== null)
  for (const d of real) if (d.errors.length) throw badRequest(`error converting YAML to JSON: ${d.errors[0].message}`)
  if (real.length > 1) throw badRequest('error converting YAML to JSON: expected a single document, got several')
  if (!real.length) return null
  // Aliases can make a document circular, or deeper than its text: only a tree of bounded depth is JSON.
  let value: unknown
  try {
    value = JSON.parse(JSON.stringify(real[0].toJSON()) ?? 'null')
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`)
  }
  if (nestsDeeperThan(value, maxBodyDepth)) throw badRequest(`error converting YAML to JSON: exceeded max depth of ${maxBodyDepth}`)
  return value
}

/** Checks that a decoded body is a JSON object. */
export function requireObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest("couldn't get version/kind; json parse error: json: cannot unmarshal " + (Array.isArray(value) ? 'array' : typeof value) + ' into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }')
  }
  return value as Record<string, unknown>
}
