import { describe, expect, it } from 'vitest'
import type { DurableLog } from '../../../main/cluster/storage/durable-log'
import { KeyIndex } from '../../../main/cluster/storage/key-index'
import { resolveOptions } from '../../../main/cluster/storage/options'
import type { PersistenceStats, PersistRecord } from '../../../main/cluster/storage/persistence'
import { KubeStore } from '../../../main/cluster/storage/store'

/** A log that takes batches and makes them durable when told; `seen` is the JSON each record carried when handed in. */
function fakeLog(copiesRecords: boolean) {
  const batches: Array<{ records: readonly PersistRecord[]; seen: Array<string | undefined>; done: () => void }> = []
  const log: DurableLog = {
    maxBatchesInFlight: 4,
    copiesRecords,
    writeBatch: (records) =>
      new Promise<void>((done) => {
        batches.push({ records, seen: records.map((r) => r.json), done })
      }),
    loadAll: async () => {},
    settle: () => {},
    whenIdle: async () => {},
    compactAll: async () => {},
    close: async () => {},
    stats: () => ({}) as PersistenceStats
  }
  return { log, batches }
}

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' } })

describe('the store hands a batch to its log', () => {
  it('lets go of the JSON once a log that copies (the worker) has it, and keeps it for one that appends later', async () => {
    for (const copies of [true, false]) {
      const { log, batches } = fakeLog(copies)
      const store = new KubeStore(log, new KeyIndex(), 0, resolveOptions({}))
      const created = store.create('/registry/pods/default/a', pod('a'))
      await new Promise((resolve) => setImmediate(resolve))
      expect(batches).toHaveLength(1)
      const [batch] = batches
      expect(JSON.parse(batch.seen[0]!)).toEqual({ ...pod('a'), metadata: { ...pod('a').metadata, resourceVersion: '1' } })
      expect(batch.records[0].json).toBe(copies ? undefined : batch.seen[0])
      batch.done()
      expect((await created).metadata.resourceVersion).toBe('1')
    }
  })
})
