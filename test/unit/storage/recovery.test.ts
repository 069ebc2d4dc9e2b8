import { describe, expect, it } from 'vitest'
import { DEFLATE_FROM, jsonOf, storedDoc, type StoredDoc } from '../../../main/cluster/storage/document'
import { RecoveryBuilder } from '../../../main/cluster/storage/recovery'
import { TimeSlicer } from '../../../main/cluster/storage/slicer'

/** Documents of one batch: [key, revision, json | null (tombstone)]; the last write per key is flagged final. */
function batch(writes: Array<[string, number, string | null]>): StoredDoc[] {
  const keys = new Set(writes.map((w) => w[0]))
  const seen = new Set<string>()
  const docs = writes.map(([k, r, v]): StoredDoc => ({ _id: `${k}@${r}`, b: writes[0][1], ...(v === null ? { d: true as const } : { v }) }))
  for (let i = docs.length - 1; i >= 0; i--) {
    if (!seen.has(writes[i][0])) {
      seen.add(writes[i][0])
      docs[i].f = keys.size
    }
  }
  return docs
}

async function recover(shards: StoredDoc[][], metaRevision = 0) {
  const state = new Map<string, string>()
  const builder = new RecoveryBuilder((key, json) => (json === undefined ? state.delete(key) : state.set(key, json)))
  const slicer = new TimeSlicer(10)
  for (let i = 0; i < shards.length; i++) await builder.add(i, shards[i], slicer)
  return { state, result: builder.finish(metaRevision) }
}

describe('recovery', () => {
  it('per key, the highest revision wins across shards; older versions are stale', async () => {
    const b1 = batch([['/a', 1, '"a1"'], ['/b', 2, '"b2"']])
    const b2 = batch([['/a', 3, '"a3"'], ['/b', 4, null]])
    const { state, result } = await recover([[b2[0], b1[1]], [b1[0], b2[1]]])
    expect([...state]).toEqual([['/a', '"a3"']])
    expect(result.revision).toBe(4)
    expect(result.stale.get(1)).toEqual(['/a@1'])
    expect(result.stale.get(0)).toEqual(['/b@2'])
    expect(result.winners.find((w) => w.key === '/b')).toEqual({ key: '/b', revision: 4, shard: 1, tombstone: true })
    expect(result.droppedBatch).toBeUndefined()
  })

  it('reads objects stored deflated (z) and as plain JSON (v, as data dirs written before hold them) alike', async () => {
    const big = JSON.stringify({ kind: 'Pod', metadata: { name: 'big', annotations: { note: 'x'.repeat(DEFLATE_FROM) } } })
    const small = JSON.stringify({ kind: 'Lease', metadata: { name: 'small' } })
    const deflated = { ...storedDoc('/big', 1, 1, big), f: 2 }
    const plain = { ...storedDoc('/small', 2, 1, small), f: 2 }
    expect(deflated.v).toBeUndefined()
    expect(deflated.z!.length).toBeLessThan(big.length / 4)
    expect(plain).toEqual({ _id: '/small@2', v: small, b: 1, f: 2 })
    expect(jsonOf(deflated)).toBe(big)
    const legacy = batch([['/old', 3, big]])
    const { state } = await recover([[deflated, plain], legacy])
    expect(state).toEqual(new Map([['/big', big], ['/small', small], ['/old', big]]))
  })

  it('drops an incomplete last batch and keeps what came before it', async () => {
    const b1 = batch([['/a', 1, '"a1"']])
    const b2 = batch([['/a', 2, '"a2"'], ['/c', 3, '"c3"'], ['/a', 4, '"a4"']]) // finals: /c@3, /a@4
    // /a@4 never reached the disk: b2 is incomplete.
    const { state, result } = await recover([[...b1, b2[0], b2[1]]])
    expect([...state]).toEqual([['/a', '"a1"']])
    expect(result.revision).toBe(1)
    expect(result.discarded.get(0)).toEqual(['/a@2', '/c@3'])
    expect(result.droppedBatch).toEqual({ firstRevision: 2, present: 1, expected: 2 })
  })

  it('keeps a last batch whose revision meta already covers (its tombstones were purged)', async () => {
    const b1 = batch([['/a', 1, '"a1"'], ['/b', 2, '"b2"']])
    const b2 = batch([['/a', 3, '"a3"'], ['/b', 4, null]])
    // The tombstone /b@4 was purged after meta recorded revision 4.
    const { state, result } = await recover([[b1[0], b2[0]]], 4)
    expect([...state]).toEqual([['/a', '"a3"']])
    expect(result.revision).toBe(4)
    expect(result.droppedBatch).toBeUndefined()
  })

  it('drops a last batch none of whose final documents arrived', async () => {
    const b1 = batch([['/a', 1, '"a1"']])
    const b2 = batch([['/a', 2, '"a2"'], ['/a', 3, '"a3"']]) // final: /a@3 only
    const { state, result } = await recover([[...b1, b2[0]]])
    expect([...state]).toEqual([['/a', '"a1"']])
    expect(result.droppedBatch).toEqual({ firstRevision: 2, present: 0, expected: 0 })
  })

  it('the revision survives deletes of the newest keys through meta', async () => {
    const { state, result } = await recover([[]], 9)
    expect(state.size).toBe(0)
    expect(result.revision).toBe(9)
  })

  it('a complete last batch is kept even when it superseded itself', async () => {
    const b = batch([['/a', 5, '"a5"'], ['/a', 6, '"a6"'], ['/z', 7, null]])
    const { state, result } = await recover([[b[0], b[1]], [b[2]]])
    expect([...state]).toEqual([['/a', '"a6"']])
    expect(result.revision).toBe(7)
    expect(result.stale.get(0)).toEqual(['/a@5'])
  })
})
