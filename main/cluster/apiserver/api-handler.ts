import type { IncomingMessage, ServerResponse } from 'node:http'
import { methodNotAllowed, notFoundPath } from '../apimachinery/errors'
import type { Clock } from '../clock/types'
import type { Resources } from '../registry/resources'
import type { Requester } from '../registry/types'
import { Discovery, aggregatedDiscoveryContentType, type ExtraSubresource } from './discovery'
import { parseRequestInfo, type ResourceRequest } from './request-info'
import { writeError, writeJSON, writeRawJSON } from './respond'
import { serverVersion } from './version'
import { TableConvertor } from './table/convert'
import type { RequestContext } from './handlers/context'
import { handleGet, handleList } from './handlers/read'
import { handleCreate, handleUpdate } from './handlers/write'
import { handleDelete, handleDeleteCollection } from './handlers/delete'
import { handleWatch } from './handlers/watch'
import { handleGetScale, handleUpdateScale } from './handlers/scale'
import { bindingSubresource } from './handlers/binding'
import { evictionSubresource } from './handlers/eviction'
import { namespaceFinalizeSubresource } from './handlers/namespace-finalize'
import { handlePatch } from './handlers/patch'
import { OpenApiService } from './openapi/openapi-service'
import { isOpenApiPath, serveOpenApi } from './openapi/openapi-http'
import type { MetricsApi } from './metrics-api'
import { metricsApiGroup, metricsGroup } from './metrics/metrics-group'
import { serveMetrics } from './metrics/serve-metrics'
import { warningHeaderValue } from '../registry/schema/field-validation'
import { healthPaths, serveHealth } from './health'
import { rootPaths, type ServedGroup } from './root-paths'

/** A handler for one subresource beyond status and scale (pods/log, pods/exec...), provided by a component. */
export interface SubresourceHandler extends ExtraSubresource {
  handle(ctx: RequestContext): Promise<void> | void
}

export interface ApiHandlerOptions {
  resources: Resources
  clock: Clock
  /** host:port clients use, for the legacy /api document. */
  serverAddress: () => string
  subresources?: SubresourceHandler[]
  /** The resource metrics pipeline behind metrics.k8s.io; without it the group is not served. */
  metrics?: MetricsApi
}

/** The HTTP API: routes each request to discovery, version, health, or a resource verb. */
export class ApiHandler {
  private readonly discovery: Discovery
  private readonly tables: TableConvertor
  /** Open streams (watches), ended on close(). */
  private readonly streams = new Set<() => void>()

  private readonly subresources: SubresourceHandler[]
  private readonly openapi: OpenApiService

  constructor(private readonly options: ApiHandlerOptions) {
    // Subresources the registry itself serves, then those components add.
    this.subresources = [bindingSubresource, evictionSubresource, namespaceFinalizeSubresource, ...(options.subresources ?? [])]
    this.discovery = new Discovery(options.resources.registry, this.subresources, options.metrics ? [metricsApiGroup] : [])
    this.tables = new TableConvertor(options.clock)
    this.openapi = new OpenApiService(options.resources.registry, this.subresources, options.metrics ? [metricsApiGroup] : [])
  }

  /** Handles one request; never throws (errors become Status responses). */
  handle(req: IncomingMessage, res: ServerResponse, user?: Requester): void {
    this.route(req, res, user).catch((e: unknown) => writeError(res, e))
  }

  /** Ends open watches so the server can close. */
  close(): void {
    for (const end of [...this.streams]) end()
  }

  private async route(req: IncomingMessage, res: ServerResponse, user: Requester | undefined): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    const method = req.method ?? 'GET'
    if (isOpenApiPath(url.pathname)) return serveOpenApi(this.openapi, req, res, url)
    // The path as sent: URL parsing would resolve `..` and `%2e%2e` segments, turning
    // /api/v1/namespaces/../secrets (a namespace named "..") into every namespace's secrets.
    const rawPath = (req.url ?? '/').split('?')[0]
    const info = parseRequestInfo(method, rawPath.startsWith('/') ? rawPath : url.pathname, url.searchParams)
    if (info.kind === 'nonResource') return this.nonResource(info.path, method, res, url.searchParams)
    if (info.kind === 'discovery') {
      if (method !== 'GET') throw methodNotAllowed()
      return this.serveDiscovery(info, req, res)
    }
    return this.resource(info, req, res, url.searchParams, user)
  }

  private nonResource(path: string, method: string, res: ServerResponse, query: URLSearchParams): void {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed()
    const p = path.replace(/\/+$/, '') || '/'
    if (p === '/version') return writeRawJSON(res, 200, serverVersion)
    if (p === '/') return writeRawJSON(res, 200, rootPaths((this.discovery.apiGroupList() as { groups: ServedGroup[] }).groups, healthPaths()))
    if (serveHealth(p, query, res)) return
    throw notFoundPath()
  }

  private serveDiscovery(
    info: { path: 'api' | 'apis' | 'group' | 'groupVersion'; group?: string; version?: string },
    req: IncomingMessage,
    res: ServerResponse
  ): void {
    const aggregated = (req.headers.accept ?? '').includes('as=APIGroupDiscoveryList') && (req.headers.accept ?? '').includes('v=v2')
    switch (info.path) {
      case 'api':
        if (aggregated) return writeJSON(res, 200, this.discovery.aggregated(true), aggregatedDiscoveryContentType)
        return writeJSON(res, 200, this.discovery.apiVersions(this.options.serverAddress()))
      case 'apis':
        if (aggregated) return writeJSON(res, 200, this.discovery.aggregated(false), aggregatedDiscoveryContentType)
        return writeJSON(res, 200, this.discovery.apiGroupList())
      case 'group': {
        const doc = this.discovery.apiGroupDoc(info.group!)
        if (!doc) throw notFoundPath()
        return writeJSON(res, 200, doc)
      }
      case 'groupVersion': {
        const doc = this.discovery.apiResourceList(info.group!, info.version!)
        if (!doc) throw notFoundPath()
        return writeJSON(res, 200, doc)
      }
    }
  }

  private async resource(info: ResourceRequest, req: IncomingMessage, res: ServerResponse, query: URLSearchParams, user: Requester | undefined): Promise<void> {
    if (info.group === metricsGroup && this.options.metrics) return serveMetrics(this.options.metrics, info, query, res)
    const rs = this.options.resources.forGVR({ group: info.group, version: info.version, resource: info.resource })
    if (!rs) throw notFoundPath()
    if (rs.def.namespaced === false && info.namespace) throw notFoundPath()
    const ctx: RequestContext = {
      req,
      res,
      query,
      info,
      rs,
      version: info.version,
      resources: this.options.resources,
      clock: this.options.clock,
      tables: this.tables,
      streams: this.streams,
      user
    }
    // Kinds serving only some verbs (create-only kinds such as PacketTrace) answer the others as the apiserver does.
    if (!info.subresource && rs.def.verbs && !rs.def.verbs.includes(info.verb)) throw methodNotAllowed()
    if (rs.def.deprecationWarning) res.setHeader('Warning', warningHeaderValue(rs.def.deprecationWarning))
    if (info.subresource) return this.subresource(ctx)
    switch (info.verb) {
      case 'get':
        return handleGet(ctx)
      case 'list':
        return handleList(ctx)
      case 'watch':
        // A HEAD answer has no body to stream events in: a never-ending one would only hold the connection.
        if (req.method === 'HEAD') return handleList(ctx)
        return handleWatch(ctx)
      case 'create':
        if (info.name) throw methodNotAllowed()
        return handleCreate(ctx)
      case 'update':
        return handleUpdate(ctx)
      case 'patch':
        return handlePatch(ctx)
      case 'delete':
        return handleDelete(ctx)
      case 'deletecollection':
        return handleDeleteCollection(ctx)
    }
  }

  private async subresource(ctx: RequestContext): Promise<void> {
    const { info } = ctx
    // status and the kind's update subresources (pods/ephemeralcontainers): get, update and patch of the object, through the subresource's strategy.
    if ((info.subresource === 'status' && ctx.rs.def.hasStatus) || ctx.rs.def.updateSubresources?.[info.subresource!]) {
      if (info.verb === 'get') return handleGet(ctx)
      if (info.verb === 'update') return handleUpdate(ctx)
      if (info.verb === 'patch') return handlePatch(ctx)
      throw methodNotAllowed()
    }
    if (info.subresource === 'scale' && ctx.rs.def.scale) {
      if (info.verb === 'get') return handleGetScale(ctx)
      if (info.verb === 'update') return handleUpdateScale(ctx)
      if (info.verb === 'patch') return handlePatch(ctx)
      throw methodNotAllowed()
    }
    const extra = this.subresources.find(
      (s) => s.group === ctx.rs.def.group && s.resource === ctx.rs.def.plural && s.subresource === info.subresource
    )
    if (extra) return extra.handle(ctx)
    throw notFoundPath()
  }
}


