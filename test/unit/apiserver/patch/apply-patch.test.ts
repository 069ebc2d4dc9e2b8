import { describe, expect, it } from 'vitest'
import {
  PatchError,
  applyPatch,
  builtinPatchMeta,
  dropNullFields,
  parsePatchBody,
  patchErrorToStatus,
  patchTypeOf
} from '../../../../main/cluster/apiserver/patch/index'

function failure(fn: () => unknown): PatchError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError)
    return e as PatchError
  }
  throw new Error('expected a PatchError')
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'a' } },
  spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }
}

describe('applyPatch', () => {
  it('maps Content-Type to patch type', () => {
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic')
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe('merge')
    expect(patchTypeOf('application/json-patch+json')).toBe('json')
    expect(patchTypeOf('application/apply-patch+yaml')).toBeUndefined()
    expect(patchTypeOf(undefined)).toBeUndefined()
  })

  it('applies each type to the same pod', () => {
    const meta = builtinPatchMeta('v1', 'Pod')
    const containers = { spec: { containers: [{ name: 'b', image: 'z' }] } }
    expect(applyPatch('strategic', pod, containers, { meta })).toEqual({
      ...pod,
      spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }] }
    })
    expect(applyPatch('merge', pod, containers)).toEqual({ ...pod, spec: { containers: [{ name: 'b', image: 'z' }] } })
    expect(applyPatch('json', pod, [{ op: 'replace', path: '/spec/containers/1/image', value: 'z' }])).toEqual({
      ...pod,
      spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }] }
    })
  })

  it('drops null fields as decoding into the typed object does, unless told not to', () => {
    const patch = [{ op: 'add', path: '/spec/nodeName', value: null }]
    expect(applyPatch('json', pod, patch)).toEqual(pod)
    expect(applyPatch('json', pod, patch, { dropNulls: false })).toEqual({ ...pod, spec: { ...pod.spec, nodeName: null } })
    expect(dropNullFields({ a: null, b: [null, { c: null }] })).toEqual({ b: [null, {}] })
  })

  it('rejects a merge patch that is not an object only when strict', () => {
    expect(applyPatch('merge', pod, ['x'])).toEqual(['x'])
    expect(failure(() => applyPatch('merge', pod, ['x'], { strict: true })).message).toBe(
      'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}'
    )
  })

  it('parses bodies, failing with 400s worded like the apiserver', () => {
    expect(parsePatchBody('strategic', '{"a":1}')).toEqual({ a: 1 })
    expect(failure(() => parsePatchBody('merge', '{')).message).toBe('Invalid JSON Patch')
    expect(failure(() => parsePatchBody('merge', '{', { strict: true })).message).toBe('error decoding patch: unexpected end of JSON input')
    expect(failure(() => parsePatchBody('strategic', 'x')).message).toBe("invalid character 'x' looking for beginning of value")
    expect(failure(() => parsePatchBody('json', '{a:1}')).message).toBe("invalid character 'a' looking for beginning of object key string")
    expect(failure(() => parsePatchBody('json', '[1,]')).kind).toBe('BadRequest')
  })

  it('answers failures with the apiserver Status', () => {
    const failed = failure(() => applyPatch('json', pod, [{ op: 'test', path: '/metadata/name', value: 'q' }]))
    expect(failed.message).toBe('testing value /metadata/name failed: test failed')
    expect(patchErrorToStatus(failed).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: {}
    })
    const tooLarge = failure(() => applyPatch('json', pod, Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }))))
    expect(patchErrorToStatus(tooLarge).status).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001'
    })
    expect(patchErrorToStatus(failure(() => applyPatch('merge', pod, 3))).status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' })
  })
})
