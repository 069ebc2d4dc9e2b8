import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { describe, expect, it } from 'vitest'
import {
  claimClass,
  claimClassUnset,
  defaultClass,
  findBestMatch,
  volumeAllowsNode,
  volumeMismatch
} from '../../../main/cluster/controllers/persistentvolume/match'

function pv(name: string, size: string, spec: Partial<NonNullable<PersistentVolume['spec']>> = {}, labels?: Record<string, string>): PersistentVolume {
  return {
    metadata: { name, labels },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: '', volumeMode: 'Filesystem', ...spec },
    status: { phase: 'Available' }
  }
}

function pvc(size: string, spec: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}): PersistentVolumeClaim {
  return {
    metadata: { name: 'data', namespace: 'default', uid: 'u-1' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: '', volumeMode: 'Filesystem', ...spec }
  }
}

const names = (v: PersistentVolume | undefined) => v?.metadata?.name

describe('findBestMatch', () => {
  it('takes the smallest volume that fits, ties by name', () => {
    const volumes = [pv('c', '10Gi'), pv('b', '2Gi'), pv('a', '2Gi'), pv('tiny', '500Mi')]
    expect(names(findBestMatch(pvc('1Gi'), volumes))).toBe('a')
    expect(names(findBestMatch(pvc('2Gi'), volumes))).toBe('a')
    expect(names(findBestMatch(pvc('3Gi'), volumes))).toBe('c')
    expect(findBestMatch(pvc('11Gi'), volumes)).toBeUndefined()
  })

  it('compares quantities, not strings', () => {
    expect(names(findBestMatch(pvc('1000M'), [pv('gi', '1Gi'), pv('g', '1G')]))).toBe('g')
    expect(names(findBestMatch(pvc('1025Mi'), [pv('gi', '1Gi'), pv('g2', '2G')]))).toBe('g2')
  })

  it('requires every requested access mode, the same volume mode and class', () => {
    expect(findBestMatch(pvc('1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }), [pv('a', '1Gi')])).toBeUndefined()
    expect(names(findBestMatch(pvc('1Gi', { accessModes: ['ReadOnlyMany'] }), [pv('a', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] })]))).toBe('a')
    expect(findBestMatch(pvc('1Gi', { volumeMode: 'Block' }), [pv('a', '1Gi')])).toBeUndefined()
    expect(findBestMatch(pvc('1Gi', { storageClassName: 'fast' }), [pv('a', '1Gi')])).toBeUndefined()
    expect(names(findBestMatch(pvc('1Gi', { storageClassName: 'fast' }), [pv('a', '1Gi'), pv('f', '5Gi', { storageClassName: 'fast' })]))).toBe('f')
  })

  it('filters by the claim selector', () => {
    const volumes = [pv('a', '1Gi', {}, { tier: 'slow' }), pv('b', '5Gi', {}, { tier: 'fast' })]
    expect(names(findBestMatch(pvc('1Gi', { selector: { matchLabels: { tier: 'fast' } } }), volumes))).toBe('b')
    expect(findBestMatch(pvc('1Gi', { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] } }), volumes)).toBeUndefined()
  })

  it('skips volumes claimed by others or not Available, prefers one pre-bound to the claim', () => {
    const other = pv('other', '1Gi', { claimRef: { namespace: 'default', name: 'someone' } })
    const released = { ...pv('released', '1Gi'), status: { phase: 'Released' } }
    const mine = pv('mine', '8Gi', { claimRef: { namespace: 'default', name: 'data' } })
    expect(findBestMatch(pvc('1Gi'), [other, released])).toBeUndefined()
    expect(names(findBestMatch(pvc('1Gi'), [other, released, pv('free', '1Gi'), mine]))).toBe('mine')
    const stale = pv('stale', '8Gi', { claimRef: { namespace: 'default', name: 'data', uid: 'u-0' } })
    expect(findBestMatch(pvc('1Gi'), [stale])).toBeUndefined()
  })

  it('with delayed binding and no node, takes only a pre-bound volume; with a node, only volumes that allow it', () => {
    const pinned = pv('pinned', '1Gi', {
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }] } }
    })
    expect(findBestMatch(pvc('1Gi'), [pinned], { delayBinding: true })).toBeUndefined()
    expect(names(findBestMatch(pvc('1Gi'), [pinned], { nodeLabels: { 'kubernetes.io/hostname': 'n1' } }))).toBe('pinned')
    expect(findBestMatch(pvc('1Gi'), [pinned], { nodeLabels: { 'kubernetes.io/hostname': 'n2' } })).toBeUndefined()
  })
})

describe('volume and claim helpers', () => {
  it('volumeMismatch names the first reason, as checkVolumeSatisfyClaim does', () => {
    expect(volumeMismatch(pv('a', '1Gi'), pvc('2Gi'))).toBe('requested PV is too small')
    expect(volumeMismatch(pv('a', '1Gi', { storageClassName: 'x' }), pvc('1Gi'))).toBe('storageClassName does not match')
    expect(volumeMismatch(pv('a', '1Gi', { volumeMode: 'Block' }), pvc('1Gi'))).toBe('incompatible volumeMode')
    expect(volumeMismatch(pv('a', '1Gi', { accessModes: ['ReadOnlyMany'] }), pvc('1Gi'))).toBe('incompatible accessMode')
    expect(volumeMismatch(pv('a', '1Gi'), pvc('1Gi'))).toBeUndefined()
  })

  it('tells an unset class (nil) from no class (empty); the beta annotation wins', () => {
    expect(claimClassUnset(pvc('1Gi', { storageClassName: undefined }))).toBe(true)
    expect(claimClassUnset(pvc('1Gi'))).toBe(false)
    const annotated: PersistentVolumeClaim = { ...pvc('1Gi', { storageClassName: 'x' }), metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } } }
    expect(claimClass(annotated)).toBe('old')
  })

  it('defaultClass picks the newest default class, ties by name', () => {
    const sc = (name: string, created: string, isDefault: boolean): StorageClass => ({
      provisioner: 'p',
      metadata: { name, creationTimestamp: created, annotations: isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} }
    })
    expect(defaultClass([sc('a', '2024-01-01T00:00:00Z', false)])).toBeUndefined()
    expect(defaultClass([sc('old', '2024-01-01T00:00:00Z', true), sc('new', '2024-02-01T00:00:00Z', true), sc('z', '2025-01-01T00:00:00Z', false)])?.metadata?.name).toBe('new')
    expect(defaultClass([sc('b', '2024-01-01T00:00:00Z', true), sc('a', '2024-01-01T00:00:00Z', true)])?.metadata?.name).toBe('a')
  })

  it('volumeAllowsNode ORs terms and ANDs expressions', () => {
    const v = pv('a', '1Gi', {
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'Exists' }] },
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n9'] }] }
          ]
        }
      }
    })
    expect(volumeAllowsNode(v, { zone: 'a', disk: 'ssd' })).toBe(true)
    expect(volumeAllowsNode(v, { zone: 'a' })).toBe(false)
    expect(volumeAllowsNode(v, { 'kubernetes.io/hostname': 'n9' })).toBe(true)
    expect(volumeAllowsNode(pv('b', '1Gi'), {})).toBe(true)
  })
})
