import type { IncomingMessage } from 'node:http'
import { parseAllDocuments } from 'yaml'
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

function decodeJSON(body: Buffer): unknown {
  const text = body.toString('utf8')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`)
  }
}

function decodeYAML(body: Buffer): unknown {
  const docs = parseAllDocuments(body.toString('utf8'))
  const list = Array.isArray(docs) ? docs : [docs]
  const real = list.filter((d) => d.contents !== null)
  for (const d of real) if (d.errors.length) throw badRequest(`error converting YAML to JSON: ${d.errors[0].message}`)
  if (real.length > 1) throw badRequest('error converting YAML to JSON: expected a single document, got several')
  return real.length ? real[0].toJSON() : null
}

/** Checks that a decoded body is a JSON object. */
export function requireObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest("couldn't get version/kind; json parse error: json: cannot unmarshal " + (Array.isArray(value) ? 'array' : typeof value) + ' into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }')
  }
  return value as Record<string, unknown>
}
