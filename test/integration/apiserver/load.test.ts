import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Cluster } from '../../../main/cluster/cluster'
import { createApiClient, type ApiClient } from '../../support/api-client'
import { waitFor } from '../../support/wait'

/*
 * Load: 50 concurrent HTTPS clients mixing reads and writes, 32 writers
 * incrementing one counter with retry-on-conflict, and 100 open watches, for
 * 60 seconds (LOAD_SECONDS overrides it for quick runs). Afterwards every
 * watch has seen every acknowledged write exactly once, in revision order;
 * every acknowledged write is in the store, also after a restart; and the
 * counter equals the number of increments that were acknowledged.
 */

const seconds = Number(process.env.LOAD_SECONDS ?? 60)
const mixedClients = 50
const counterWriters = 32
const watches = 100
const ns = 'load'
const cmPath = `/api/v1/namespaces/${ns}/configmaps`

interface Seen {
  type: string
  name: string
  rv: number
}

describe(`API under load (${mixedClients} clients, ${counterWriters} counter writers, ${watches} watches, ${seconds} s)`, () => {
  let dir: string
  let cluster: Cluster
  let api: ApiClient

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-load-'))
    cluster = await Cluster.start({ dataDir: dir, clock: 'manual', components: [], apiPort: 0 })
    api = createApiClient(cluster.apiServer!.url, cluster.apiServer!.pki)
    expect((await api.call('POST', '/api/v1/namespaces', { metadata: { name: ns } })).status).toBe(201)
    expect((await api.call('POST', cmPath, { metadata: { name: 'counter' }, data: { count: '0' } })).status).toBe(201)
  })

  afterAll(async () => {
    api?.close()
    await cluster?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('loses no event and no acknowledged write', { timeout: (seconds + 120) * 1000 }, async () => {
    // The watches start from one revision, half on the namespace and half on every namespace.
    const start = (await api.call<{ metadata: { resourceVersion: string } }>('GET', cmPath)).body.metadata.resourceVersion
    const streams: Seen[][] = []
    const stops: Array<() => void> = []
    for (let i = 0; i < watches; i++) {
      const seen: Seen[] = []
      streams.push(seen)
      const path = i % 2 ? `${cmPath}?watch=1&resourceVersion=${start}` : `/api/v1/configmaps?watch=1&resourceVersion=${start}`
      stops.push(
        await api.watch(path, (e) => {
          if (e.object.metadata?.name === undefined) throw new Error(`watch event without an object: ${JSON.stringify(e)}`)
          seen.push({ type: e.type, name: e.object.metadata.name, rv: Number(e.object.metadata.resourceVersion) })
        })
      )
    }

    const acknowledged: Seen[] = []
    const latest = new Map<string, number>()
    const ack = (type: string, name: string, rv: string | undefined): void => {
      acknowledged.push({ type, name, rv: Number(rv) })
      if (type === 'DELETED') latest.delete(name)
      else latest.set(name, Number(rv))
    }
    const failures: string[] = []
    const deadline = performance.now() + seconds * 1000
    type Obj = { metadata: { name: string; resourceVersion: string }; data?: Record<string, string> }

    async function mixed(client: number): Promise<void> {
      const mine: string[] = []
      for (let n = 0; performance.now() < deadline; n++) {
        const roll = (client * 7919 + n * 104729) % 100
        if (mine.length === 0 || roll < 25) {
          const name = `c${client}-${n}`
          const r = await api.call<Obj>('POST', cmPath, { metadata: { name, labels: { client: String(client) } }, data: { n: String(n) } })
          if (r.status !== 201) failures.push(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`)
          else {
            mine.push(name)
            ack('ADDED', name, r.body.metadata.resourceVersion)
          }
        } else if (roll < 45) {
          const r = await api.call<{ items: unknown[] }>('GET', `${cmPath}?labelSelector=client%3D${client}&limit=100`)
          if (r.status !== 200) failures.push(`list: ${r.status}`)
        } else if (roll < 75) {
          const name = mine[n % mine.length]
          const r = await api.call<Obj>('GET', `${cmPath}/${name}`)
          if (r.status !== 200) failures.push(`get ${name}: ${r.status}`)
        } else if (roll < 95) {
          const name = mine[n % mine.length]
          const r = await api.call<Obj>('PATCH', `${cmPath}/${name}`, { data: { n: String(n) } }, 'application/merge-patch+json')
          if (r.status !== 200) failures.push(`patch ${name}: ${r.status}`)
          else ack('MODIFIED', name, r.body.metadata.resourceVersion)
        } else {
          const name = mine.pop()!
          const r = await api.call<Obj>('DELETE', `${cmPath}/${name}`)
          if (r.status !== 200) failures.push(`delete ${name}: ${r.status}`)
          else ack('DELETED', name, r.body.metadata.resourceVersion)
        }
      }
    }

    let increments = 0
    async function counter(): Promise<void> {
      while (performance.now() < deadline) {
        const got = await api.call<Obj>('GET', `${cmPath}/counter`)
        const next = { ...got.body, data: { count: String(Number(got.body.data!.count) + 1) } }
        const put = await api.call<Obj>('PUT', `${cmPath}/counter`, next)
        if (put.status === 409) continue
        if (put.status !== 200) {
          failures.push(`counter put: ${put.status}`)
          continue
        }
        increments++
        ack('MODIFIED', 'counter', put.body.metadata.resourceVersion)
      }
    }

    await Promise.all([...Array.from({ length: mixedClients }, (_, i) => mixed(i)), ...Array.from({ length: counterWriters }, () => counter())])
    expect(failures).toEqual([])
    expect(increments).toBeGreaterThan(0)

    const final = await api.call<Obj>('GET', `${cmPath}/counter`)
    expect(Number(final.body.data!.count)).toBe(increments)

    // Every watch sees every acknowledged write, once, in revision order, and nothing else. A delete
    // answers a Status (as the real apiserver does for kinds without graceful deletion), so its
    // revision is known only from the watch: deletes are matched by name.
    const key = (e: Seen): string => (e.type === 'DELETED' ? `DELETED ${e.name}` : `${e.type} ${e.name}@${e.rv}`)
    const expected = acknowledged.map(key).sort()
    const lastRv = Math.max(...acknowledged.filter((e) => e.type !== 'DELETED').map((e) => e.rv))
    await waitFor(() => streams.every((s) => s.length >= acknowledged.length && s[s.length - 1].rv >= lastRv), 'every watch to see every write', 60_000)
    for (const stream of streams) {
      expect(stream.map(key).sort()).toEqual(expected)
      expect(stream.every((e, i) => i === 0 || e.rv > stream[i - 1].rv)).toBe(true)
      expect(stream).toEqual(streams[0])
    }
    for (const stop of stops) stop()

    // Every acknowledged write is stored: each object at its last acknowledged version, also after a restart.
    const check = async (): Promise<void> => {
      const list = await api.call<{ items: Obj[] }>('GET', cmPath)
      const stored = new Map(list.body.items.map((o) => [o.metadata.name, Number(o.metadata.resourceVersion)]))
      expect(stored).toEqual(latest)
    }
    await check()
    api.close()
    await cluster.stop()
    cluster = await Cluster.start({ dataDir: dir, clock: 'manual', components: [], apiPort: 0 })
    api = createApiClient(cluster.apiServer!.url, cluster.apiServer!.pki)
    await check()
  })
})
