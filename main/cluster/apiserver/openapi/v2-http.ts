import { createHash } from 'node:crypto'
import { methodNotAllowed } from '../../apimachinery/errors'
import { encodeOpenApiV2 } from '../protobuf/encode-openapi-v2'
import { serverVersion } from '../version'
import type { OpenApiService } from './openapi-service'
import { swaggerDocument } from './v2-document'

/**
 * `GET /openapi/v2`, as kube-openapi's v2 handler answers it: the Swagger 2.0
 * document as JSON (`Accept: application/json`, or no Accept) or as gnostic
 * protobuf (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`,
 * what client-go's discovery OpenAPISchema() asks for), picked by the Accept
 * clauses in order of preference; each form has the SHA-512 of its bytes as
 * ETag (304 for a matching If-None-Match); nothing acceptable is a 406.
 * Both forms are built on first request and kept.
 */

export const openApiV2Path = '/openapi/v2'

/** The protobuf media type, in both spellings kube-openapi accepts. */
const protobufTypes = ['com.github.proto-openapi.spec.v2@v1.0+protobuf', 'com.github.proto-openapi.spec.v2.v1.0+protobuf']
// Answered in the dotted spelling: `@` is not a token character, and client-go's mime.ParseMediaType rejects it.
const protobufContentType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'

interface Representation {
  contentType: string
  body: Buffer
  etag: string
}

interface Built {
  json: Representation
  protobuf: Representation
}

/** What to write back. */
export interface OpenApiV2Reply {
  code: number
  headers: Record<string, string>
  body: Buffer
}

const cache = new WeakMap<OpenApiService, Built>()

function representation(contentType: string, body: Buffer): Representation {
  return { contentType, body, etag: `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"` }
}

function build(service: OpenApiService): Built {
  const hit = cache.get(service)
  if (hit) return hit
  const doc = swaggerDocument(service, serverVersion.gitVersion)
  const built = {
    json: representation('application/json', Buffer.from(JSON.stringify(doc))),
    protobuf: representation(protobufContentType, Buffer.from(encodeOpenApiV2(doc)))
  }
  cache.set(service, built)
  return built
}

/** Accept clauses as `type/subtype`, most preferred first (q=0 dropped; ties keep their order). */
export function acceptClauses(accept: string | undefined): string[] {
  const clauses = (accept?.trim() ? accept : '*/*').split(',').map((raw, index) => {
    const [media, ...params] = raw.split(';').map((s) => s.trim())
    const q = params.find((p) => p.startsWith('q='))
    return { media: media.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index }
  })
  return clauses
    .filter((c) => c.media.includes('/') && !(c.q <= 0))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((c) => c.media)
}

function pick(built: Built, accept: string | undefined): Representation | undefined {
  for (const media of acceptClauses(accept)) {
    const [type, subtype] = media.split('/')
    if (type !== 'application' && type !== '*') continue
    if (subtype === 'json' || subtype === '*') return built.json
    if (protobufTypes.includes(subtype)) return built.protobuf
  }
  return undefined
}

/** The reply to `GET /openapi/v2`. Throws a StatusError (405) for other methods. */
export function openApiV2Reply(service: OpenApiService, method: string, accept: string | undefined, ifNoneMatch?: string): OpenApiV2Reply {
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed()
  const chosen = pick(build(service), accept)
  if (!chosen) return { code: 406, headers: { Vary: 'Accept' }, body: Buffer.alloc(0) }
  const headers = { Vary: 'Accept', 'Content-Type': chosen.contentType, ETag: chosen.etag }
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === chosen.etag)) return { code: 304, headers: { Vary: 'Accept', ETag: chosen.etag }, body: Buffer.alloc(0) }
  return { code: 200, headers, body: chosen.body }
}
