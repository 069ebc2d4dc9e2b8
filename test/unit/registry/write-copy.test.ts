import { describe, expect, it } from 'vitest'
import { copyWrite, statusWriteCopy } from '../../../main/cluster/registry/write-copy'
import { deepFreeze } from '../../../main/cluster/storage/freeze'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'

const specOf = (o: KubeObject): object => (o as unknown as { spec: object }).spec

function stored(): KubeObject {
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, managedFields: [{ manager: 'kubectl', operation: 'Update' }] },
    spec: { containers: [{ name: 'web', image: 'nginx' }] },
    status: { phase: 'Pending' }
  } as KubeObject)
}

describe('the write pipeline copy', () => {
  it('of a status write shares the stored spec and metadata values (labels, managedFields...), and owns metadata and status', () => {
    const old = stored()
    const input = { ...old, status: { phase: 'Running' } } as KubeObject
    const copy = statusWriteCopy(input)
    expect(specOf(copy)).toBe(specOf(old))
    expect(copy.metadata.managedFields).toBe(old.metadata.managedFields)
    expect(copy.metadata.labels).toBe(old.metadata.labels)
    expect(copy.metadata).not.toBe(old.metadata)
    expect(Object.isFrozen(copy.metadata)).toBe(false)
    expect(copy.status).toEqual({ phase: 'Running' })
    expect(copy.status).not.toBe(input.status)
    expect(Object.keys(copy.metadata)).toEqual(Object.keys(old.metadata))
  })

  it('of a status write keeps frozen status values when the kind edits none (no prepareForStatusUpdate), copying the rest', () => {
    const condition = deepFreeze({ type: 'Ready', status: 'True' })
    const containers = deepFreeze([{ name: 'web', ready: true }])
    const input = { ...stored(), status: { phase: 'Running', conditions: [condition], containerStatuses: containers } } as KubeObject
    const kept = statusWriteCopy(input, true).status as { conditions: object[]; containerStatuses: object }
    expect(kept).not.toBe(input.status)
    expect(kept.conditions).not.toBe((input.status as { conditions: object[] }).conditions)
    expect(kept.conditions[0]).toBe(condition)
    expect(kept.containerStatuses).toBe(containers)
    const copied = statusWriteCopy(input).status as { conditions: object[]; containerStatuses: object }
    expect(copied.conditions[0]).not.toBe(condition)
    expect(copied.containerStatuses).not.toBe(containers)
    expect(copied).toEqual(kept)
  })

  it('of a status write copies metadata values the caller still owns', () => {
    const labels = { app: 'web' }
    const copy = statusWriteCopy({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels }, status: {} } as unknown as KubeObject)
    expect(copy.metadata.labels).toEqual(labels)
    expect(copy.metadata.labels).not.toBe(labels)
  })

  it('of a status write copies a spec the caller still owns', () => {
    const input = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [] }, status: {} } as unknown as KubeObject
    const copy = statusWriteCopy(input)
    expect(specOf(copy)).not.toBe(specOf(input))
  })

  it('of a main write owns everything but the stored managedFields', () => {
    const old = stored()
    const copy = copyWrite({ ...old })
    expect(copy.metadata.managedFields).toBe(old.metadata.managedFields)
    expect(specOf(copy)).not.toBe(specOf(old))
    expect(Object.isFrozen(specOf(copy))).toBe(false)
    expect(copy).toEqual(old)
  })

  it('of a main write keeps the frozen values the kind names and copies the rest', () => {
    const address = deepFreeze({ ip: '10.244.1.5', targetRef: { kind: 'Pod', name: 'web-0' } })
    const loose = { ip: '10.244.1.6', targetRef: deepFreeze({ kind: 'Pod', name: 'web-1' }) }
    const port = deepFreeze({ port: 80 })
    const input = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web' }, subsets: [{ addresses: [address, loose], notReadyAddresses: deepFreeze([address]), ports: [port] }] } as unknown as KubeObject
    const copy = copyWrite(input, { subsets: { addresses: true, notReadyAddresses: true } })
    const subset = (copy as unknown as { subsets: Array<{ addresses: object[]; notReadyAddresses: object[]; ports: object[] }> }).subsets[0]
    expect(copy).toEqual(input)
    expect(subset.addresses[0]).toBe(address)
    // Below a shared path, an unfrozen value is copied and its frozen parts kept.
    expect(subset.addresses[1]).not.toBe(loose)
    expect((subset.addresses[1] as typeof loose).targetRef).toBe(loose.targetRef)
    expect(subset.notReadyAddresses).toBe((input as unknown as { subsets: Array<{ notReadyAddresses: object }> }).subsets[0].notReadyAddresses)
    // Elsewhere (the ports, which defaulting fills in), frozen values are copied as before.
    expect(subset.ports[0]).not.toBe(port)
    expect(Object.isFrozen(subset.ports[0])).toBe(false)
  })
})
