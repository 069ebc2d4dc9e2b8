import { createHash } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DEFLATE_FROM, jsonOf, storedDoc, type StoredDoc } from '../../../main/cluster/storage/document'
import { DEFLATE_DICTIONARY } from '../../../main/cluster/storage/deflate-dictionary'
import { RecoveryBuilder } from '../../../main/cluster/storage/recovery'
import { TimeSlicer } from '../../../main/cluster/storage/slicer'

/** A Running pod of another Deployment, on another node, at another time than the dictionary's. */
function samplePod(): object {
  const at = '2026-03-14T15:09:26Z'
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at })
  const fields = { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: 'shop',
      generateName: 'cart-7f9c6d5b8-',
      labels: { app: 'cart', 'pod-template-hash': '7f9c6d5b8' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'cart-7f9c6d5b8', uid: '3e1c9a2b-5d7f-4c1e-9b8a-6f2d4e8c1a7b', controller: true, blockOwnerDeletion: true }],
      uid: '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      creationTimestamp: at,
      name: 'cart-7f9c6d5b8-q2w9r',
      managedFields: [
        { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: at, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': fields, 'k:{"type":"Initialized"}': fields }, 'f:phase': {}, 'f:podIP': {} } }, subresource: 'status' }
      ],
      resourceVersion: '48213'
    },
    spec: {
      containers: [{ name: 'cart', image: 'ghcr.io/shop/cart:2.4.1', resources: {}, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      serviceAccountName: 'default',
      priority: 0,
      nodeName: 'kubelab-worker17'
    },
    status: {
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      containerStatuses: [{ containerID: 'containerd://5f0e', image: 'ghcr.io/shop/cart:2.4.1', imageID: 'ghcr.io/shop/cart@sha256:0d1e', lastState: {}, name: 'cart', ready: true, restartCount: 0, started: true, state: { running: { startedAt: at } } }],
      hostIP: '172.18.0.19',
      hostIPs: [{ ip: '172.18.0.19' }],
      phase: 'Running',
      podIP: '10.244.17.42',
      podIPs: [{ ip: '10.244.17.42' }],
      qosClass: 'BestEffort',
      startTime: at
    }
  }
}

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

  it('reads objects stored deflated against the dictionary (y), deflated alone (z) and as plain JSON (v, as data dirs written before hold them) alike', async () => {
    const big = JSON.stringify({ kind: 'Pod', metadata: { name: 'big', annotations: { note: 'x'.repeat(DEFLATE_FROM) } } })
    const small = JSON.stringify({ kind: 'Lease', metadata: { name: 'small' } })
    const deflated = { ...storedDoc('/big', 1, 1, big), f: 2 }
    const plain = { ...storedDoc('/small', 2, 1, small), f: 2 }
    expect(deflated.v).toBeUndefined()
    expect(deflated.z).toBeUndefined()
    expect(deflated.y!.length).toBeLessThan(big.length / 4)
    expect(plain).toEqual({ _id: '/small@2', v: small, b: 1, f: 2 })
    expect(jsonOf(deflated)).toBe(big)
    const legacyDeflated = { _id: '/older@4', z: deflateRawSync(big, { level: 1 }).toString('base64'), b: 4, f: 1 }
    expect(jsonOf(legacyDeflated)).toBe(big)
    const legacy = batch([['/old', 3, big]])
    const { state } = await recover([[deflated, plain], legacy, [legacyDeflated]])
    expect(state).toEqual(new Map([['/big', big], ['/small', small], ['/old', big], ['/older', big]]))
  })

  it('deflates a pod to a fraction of what deflate alone gives, with the dictionary every y document on disk needs unchanged', () => {
    // The documents written so far inflate only with these exact bytes.
    expect(createHash('sha256').update(DEFLATE_DICTIONARY).digest('hex')).toBe('65fc43dc25227f4a6409ffc3d68f52710b7ae83ab0d8f77338605a1df41c7c6a')
    const pod = JSON.stringify(samplePod())
    const doc = storedDoc('/registry/pods/default/web-1', 7, 7, pod)
    expect(jsonOf(doc)).toBe(pod)
    const alone = deflateRawSync(pod, { level: 1 }).toString('base64')
    expect(doc.y!.length).toBeLessThan(alone.length / 2)
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
