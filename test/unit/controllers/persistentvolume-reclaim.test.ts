import { describe, expect, it } from 'vitest'
import { deleteFailure } from '../../../main/cluster/controllers/persistentvolume/sync'

describe('in-tree deleter', () => {
  it('deletes hostPath volumes under /tmp only, and nothing else', () => {
    expect(deleteFailure({ metadata: { name: 'a' }, spec: { hostPath: { path: '/tmp/a' } } })).toBeUndefined()
    expect(deleteFailure({ metadata: { name: 'a' }, spec: { hostPath: { path: '/tmp/' } } })).toBe('host_path deleter only supports /tmp/.+ but received provided /tmp/')
    expect(deleteFailure({ metadata: { name: 'n' }, spec: { nfs: { server: 's', path: '/x' } } })).toBe(
      'error getting deleter volume plugin for volume "n": no deletable volume plugin matched'
    )
  })
})
