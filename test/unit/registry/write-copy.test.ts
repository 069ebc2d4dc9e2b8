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
  it('of a status write shares the stored spec and managedFields, and owns metadata and status', () => {
    const old = stored()
    const input = { ...old, status: { phase: 'Running' } } as KubeObject
    const copy = statusWriteCopy(input)
    expect(specOf(copy)).toBe(specOf(old))
    expect(copy.metadata.managedFields).toBe(old.metadata.managedFields)
    expect(copy.metadata).not.toBe(old.metadata)
    expect(Object.isFrozen(copy.metadata)).toBe(false)
    expect(Object.isFrozen(copy.metadata.labels)).toBe(false)
    expect(copy.status).toEqual({ phase: 'Running' })
    expect(copy.status).not.toBe(input.status)
    expect(Object.keys(copy.metadata)).toEqual(Object.keys(old.metadata))
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
})
