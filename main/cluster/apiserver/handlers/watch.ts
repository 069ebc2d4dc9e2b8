import type { KubeObject } from '../../apimachinery/types'
import { isStatusError } from '../../apimachinery/errors'
import type { WatchEvent } from '../../client/types'
import { isTrue } from '../request-info'
import { tableContentType, tableVersion, wantsTable } from '../table/convert'
import { intParam, type RequestContext } from './context'
import { includeObjectOf } from './read'

/** How often a watch with allowWatchBookmarks gets a BOOKMARK, as the apiserver's watch cache roughly does. */
const bookmarkIntervalMs = 60_000
/** How long before a watch's timeoutSeconds the watch cache sends a last BOOKMARK. */
const preTimeoutBookmarkSeconds = 2

/**
 * A streaming watch: one JSON object per line, chunked, until the client goes,
 * timeoutSeconds passes (cluster time) or the server stops. An expired
 * resourceVersion is answered with a 410 ERROR event, as the apiserver does.
 */
export function handleWatch(ctx: RequestContext): void {
  const { query, res, req } = ctx
  const accept = req.headers.accept
  const table = wantsTable(accept)
  let fieldSelector = query.get('fieldSelector') ?? undefined
  if (ctx.info.name) fieldSelector = [`metadata.name=${ctx.info.name}`, fieldSelector].filter(Boolean).join(',')
  const sendInitialEvents = isTrue(query.get('sendInitialEvents'))
  const bookmarks = isTrue(query.get('allowWatchBookmarks'))
  let resourceVersion = query.get('resourceVersion') ?? undefined
  // With sendInitialEvents the state comes first, whatever the resourceVersion.
  if (sendInitialEvents) resourceVersion = undefined

  let headersSent = false
  // Events that arrive while the watch is being set up wait until the 200 is on its way,
  // so that a bad request can still be answered with a plain error status.
  let started = false
  const early: WatchEvent[] = []
  let lastRV = resourceVersion ?? '0'
  const write = (event: WatchEvent): void => {
    if (!started) {
      early.push(event)
      return
    }
    if (res.writableEnded) return
    let object: unknown = event.object
    if (table && (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED')) {
      object = ctx.tables.table(ctx.rs.def, [event.object], {
        resourceVersion: event.object.metadata.resourceVersion,
        includeObject: includeObjectOf(query),
        noHeaders: headersSent,
        tableApiVersion: tableVersion(accept)
      })
      headersSent = true
    }
    if (event.object.metadata?.resourceVersion) lastRV = event.object.metadata.resourceVersion
    res.write(JSON.stringify({ type: event.type, object }) + '\n')
  }

  function startStream(): void {
    res.writeHead(200, { 'Content-Type': table ? tableContentType : 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' })
    res.flushHeaders()
    started = true
    for (const e of early.splice(0)) write(e)
  }

  const timers: Array<{ cancel(): void }> = []
  let watcher: { stop(): void } | undefined
  let ended = false
  const end = (): void => {
    if (ended) return
    ended = true
    watcher?.stop()
    for (const t of timers) t.cancel()
    ctx.streams.delete(end)
    if (!res.writableEnded) res.end()
  }
  ctx.streams.add(end)
  req.on('close', end)
  res.on('close', end)

  try {
    watcher = ctx.rs.watch(
      ctx.info.namespace,
      { resourceVersion, labelSelector: query.get('labelSelector') ?? undefined, fieldSelector },
      (event) => write(event),
      ctx.version
    )
  } catch (e) {
    if (isStatusError(e) && e.code === 410) {
      startStream()
      write({ type: 'ERROR', object: e.status as unknown as KubeObject })
      end()
      return
    }
    ctx.streams.delete(end)
    ended = true
    throw e
  }
  startStream()

  const bookmark = (extra?: Record<string, string>): void =>
    write({
      type: 'BOOKMARK',
      object: {
        kind: ctx.rs.def.kind,
        apiVersion: ctx.rs.def.group ? `${ctx.rs.def.group}/${ctx.version}` : ctx.version,
        metadata: { resourceVersion: sendInitialEvents && extra ? String(ctx.resources.store.revision) : lastRV, ...(extra ? { annotations: extra } : {}) }
      }
    })
  if (sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' })
  if (bookmarks) timers.push(ctx.clock.setInterval(() => bookmark(), bookmarkIntervalMs, { background: true }))
  const timeout = intParam(query, 'timeoutSeconds')
  if (timeout !== undefined && timeout > 0) timers.push(ctx.clock.setTimeout(end, timeout * 1000, { background: true }))
  // The watch cache also sends one 2 s before the watch times out, so that a client can resume from there.
  if (bookmarks && timeout !== undefined && timeout > preTimeoutBookmarkSeconds) {
    timers.push(ctx.clock.setTimeout(() => bookmark(), (timeout - preTimeoutBookmarkSeconds) * 1000, { background: true }))
  }
}

