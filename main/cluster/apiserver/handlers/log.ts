import type { Pod } from 'kubernetes-types/core/v1'
import { invalid, methodNotAllowed } from '../../apimachinery/errors'
import type { FieldError } from '../../apimachinery/field-errors'
import type { SubresourceHandler } from '../api-handler'
import type { ContainerLogOptions, NodeProxy } from '../node-proxy'
import { logContainer } from '../streaming/pod-container'
import { boolParam, int64Param, timeParam } from '../streaming/query'
import type { RequestContext } from './context'

/**
 * GET pods/<name>/log: the container's log as text/plain, from the pod's
 * node (the kubelet's /containerLogs). `follow=true` keeps the response
 * open, chunk by chunk, until the container stops or the client leaves.
 */
export function logSubresource(nodes: NodeProxy): SubresourceHandler {
  return {
    group: '',
    resource: 'pods',
    subresource: 'log',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    verbs: ['get'],
    handle: (ctx) => handleLog(ctx, nodes)
  }
}

/** PodLogOptions from the query, validated as ValidatePodLogOptions does (422 Invalid PodLogOptions). */
export function podLogOptions(query: URLSearchParams, name: string, now: number): ContainerLogOptions {
  const tailLines = int64Param(query, 'tailLines')
  const limitBytes = int64Param(query, 'limitBytes')
  const sinceSeconds = int64Param(query, 'sinceSeconds')
  const sinceTime = timeParam(query, 'sinceTime')
  const errors: FieldError[] = []
  if (tailLines !== undefined && tailLines < 0) errors.push({ type: 'FieldValueInvalid', field: 'tailLines', badValue: tailLines, detail: 'must be greater than or equal to 0' })
  if (limitBytes !== undefined && limitBytes < 1) errors.push({ type: 'FieldValueInvalid', field: 'limitBytes', badValue: limitBytes, detail: 'must be greater than 0' })
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    errors.push({ type: 'FieldValueForbidden', field: '', detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified' })
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) {
    errors.push({ type: 'FieldValueInvalid', field: 'sinceSeconds', badValue: sinceSeconds, detail: 'must be greater than 0' })
  }
  if (errors.length) throw invalid({ group: '', kind: 'PodLogOptions' }, name, errors)
  return {
    follow: boolParam(query, 'follow'),
    previous: boolParam(query, 'previous'),
    timestamps: boolParam(query, 'timestamps'),
    tailLines,
    limitBytes,
    sinceTime: sinceSeconds !== undefined ? now - sinceSeconds * 1000 : sinceTime
  }
}

function handleLog(ctx: RequestContext, nodes: NodeProxy): void {
  if (ctx.info.verb !== 'get') throw methodNotAllowed()
  const name = ctx.info.name!
  const options = podLogOptions(ctx.query, name, ctx.clock.now())
  const pod = ctx.rs.get(ctx.info.namespace, name, 'v1') as unknown as Pod
  const container = logContainer(pod, ctx.query.get('container'))
  const headers = { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' }
  // A pod on no node yet has no log anywhere: an empty answer, as the apiserver's empty location gives.
  if (!pod.spec?.nodeName) {
    ctx.res.writeHead(200, { ...headers, 'Content-Length': 0 })
    ctx.res.end()
    return
  }
  const log = nodes.containerLogs(pod, container, options)
  if (!log.follow) {
    ctx.res.writeHead(200, { ...headers, 'Content-Length': Buffer.byteLength(log.text) })
    ctx.res.end(log.text)
    return
  }
  const { res, req } = ctx
  res.writeHead(200, headers)
  if (log.text) res.write(log.text)
  let ended = false
  let stop = (): void => {}
  const end = (): void => {
    if (ended) return
    ended = true
    ctx.streams.delete(end)
    stop()
    res.end()
  }
  stop = log.follow((text) => {
    if (!ended && text) res.write(text)
  }, end)
  ctx.streams.add(end)
  req.once('close', end)
  res.once('close', end)
}
