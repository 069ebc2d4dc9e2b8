import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../../clock/types'
import type { ResourceStore } from '../../registry/resource-store'
import type { Resources } from '../../registry/resources'
import type { Requester } from '../../registry/types'
import type { ResourceRequest } from '../request-info'
import type { TableConvertor } from '../table/convert'

/** Everything a resource handler needs for one request. */
export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  query: URLSearchParams
  info: ResourceRequest
  /** The pipeline of the requested resource. */
  rs: ResourceStore
  /** The requested version (objects are converted to and from it). */
  version: string
  resources: Resources
  clock: Clock
  tables: TableConvertor
  /** Ends for the streams (watches) this server has open, so that shutdown can close them. */
  streams: Set<() => void>
  /** The authenticated user who sent the request (what the self reviews answer about). */
  user?: Requester
}

/** dryRun=All from the query, the only value Kubernetes accepts. */
export function dryRunOf(query: URLSearchParams): 'All' | undefined {
  return query.getAll('dryRun').includes('All') ? 'All' : undefined
}

/** Integer query parameters (limit, timeoutSeconds, gracePeriodSeconds). */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name)
  if (v === null || v === '') return undefined
  const n = Number(v)
  return Number.isInteger(n) ? n : undefined
}
