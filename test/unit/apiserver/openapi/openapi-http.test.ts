import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeError } from '../../../../main/cluster/apiserver/respond'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { Registry } from '../../../../main/cluster/registry/registry'
import { OpenApiService } from '../../../../main/cluster/apiserver/openapi/openapi-service'
import { isOpenApiPath, serveOpenApi } from '../../../../main/cluster/apiserver/openapi/openapi-http'

const service = new OpenApiService(new Registry(allDefinitions))
let server: Server
let port: number

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!isOpenApiPath(url.pathname)) {
      res.writeHead(418)
      res.end()
      return
    }
    try {
      serveOpenApi(service, req, res, url)
    } catch (e) {
      writeError(res, e)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ code: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('serveOpenApi', () => {
  it('answers the index', async () => {
    const r = await get('/openapi/v3?timeout=32s')
    expect(r.code).toBe(200)
    expect(r.headers['content-type']).toBe('application/json')
    expect(JSON.parse(r.body)).toEqual(service.index())
  })

  it('answers a document with its hash as ETag, cacheable for good at the current hash', async () => {
    const plain = await get('/openapi/v3/apis/apps/v1')
    expect(plain.code).toBe(200)
    expect(plain.headers.etag).toBe(`"${service.hash('apis/apps/v1')}"`)
    expect(plain.body).toBe(service.documentJSON('apis/apps/v1'))
    const hashed = await get(`/openapi/v3/apis/apps/v1?hash=${service.hash('apis/apps/v1')}&timeout=32s`, { accept: 'application/json' })
    expect(hashed.code).toBe(200)
    expect(hashed.headers['cache-control']).toMatch(/immutable/)
  })

  it('redirects a stale hash and honours If-None-Match', async () => {
    const stale = await get('/openapi/v3/api/v1?hash=ABC')
    expect(stale.code).toBe(301)
    expect(stale.headers.location).toBe(`/openapi/v3/api/v1?hash=${service.hash('api/v1')}`)
    const cached = await get('/openapi/v3/api/v1', { 'if-none-match': `"${service.hash('api/v1')}"` })
    expect(cached.code).toBe(304)
    expect(cached.body).toBe('')
  })

  it('answers 404 for an unknown group-version and 405 for writes', async () => {
    const missing = await get('/openapi/v3/apis/resource.k8s.io/v1beta1')
    expect(missing.code).toBe(404)
    expect(JSON.parse(missing.body)).toMatchObject({ kind: 'Status', reason: 'NotFound' })
    expect((await get('/openapi/v3', {}, 'POST')).code).toBe(405)
    expect((await get('/openapi/v3/api/v1', {}, 'HEAD')).code).toBe(200)
  })

  it('claims /openapi/v3 paths and /openapi/v2', () => {
    expect(isOpenApiPath('/openapi/v3')).toBe(true)
    expect(isOpenApiPath('/openapi/v3/apis/apps/v1')).toBe(true)
    expect(isOpenApiPath('/openapi/v2')).toBe(true)
    expect(isOpenApiPath('/openapi/v2/x')).toBe(false)
    expect(isOpenApiPath('/openapi/v30')).toBe(false)
  })
})
