import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  KindNotRegisteredError,
  ProtobufDecodeError,
  decodeKubernetesProtobuf
} from '../../../../main/cluster/apiserver/protobuf/decode'
import { bytes, int, k8sBody, key, msg, objectMeta, parseHexFixture, str, varint } from './encoder'

const MAGIC = Buffer.from('k8s\0', 'latin1')
const deploymentBody = parseHexFixture(
  readFileSync(join(import.meta.dirname, 'fixtures', 'create-deployment.hex'), 'utf8')
).bytes

function decodeError(body: Uint8Array): Error {
  try {
    decodeKubernetesProtobuf(body)
  } catch (error) {
    return error as Error
  }
  throw new Error('expected decoding to fail')
}

describe('malformed bodies fail cleanly', () => {
  it('rejects a body without the k8s\\0 magic', () => {
    for (const body of [Buffer.alloc(0), Buffer.from('k8s'), Buffer.from('{"kind":"Namespace"}'), Buffer.from('k8s\x01abc')]) {
      const error = decodeError(body)
      expect(error).toBeInstanceOf(ProtobufDecodeError)
      expect(error.message).toMatch(/k8s\\x00/)
    }
  })

  it('rejects a body cut inside the object', () => {
    const error = decodeError(deploymentBody.subarray(0, 100))
    expect(error).toBeInstanceOf(ProtobufDecodeError)
    expect(error.message).toBe('runtime.Unknown: length 171 exceeds the 70 bytes that remain at byte 26')
  })

  it('fails cleanly, or decodes, at every truncation and never throws anything else', () => {
    for (let n = 0; n < deploymentBody.length; n++) {
      try {
        decodeKubernetesProtobuf(deploymentBody.subarray(0, n))
      } catch (error) {
        expect(error).toBeInstanceOf(ProtobufDecodeError)
      }
    }
  })

  it('rejects a length prefix larger than the body, however large', () => {
    for (const length of [1000, 2 ** 31, 2n ** 63n, 2n ** 64n - 1n]) {
      const body = Buffer.concat([MAGIC, key(2, 2), varint(length), Buffer.from('abc')])
      expect(decodeError(body).message).toMatch(/^runtime\.Unknown: length \d+ exceeds the 3 bytes that remain/)
    }
  })

  it('rejects a huge length inside a nested message, naming the field', () => {
    const raw = Buffer.concat([msg(1, str(1, 'web')), key(2, 2), varint(2n ** 40n), Buffer.alloc(8)])
    const error = decodeError(k8sBody('apps/v1', 'Deployment', raw))
    expect(error).toBeInstanceOf(ProtobufDecodeError)
    expect(error.message).toMatch(/^spec: length 1099511627776 exceeds/)
  })

  it('rejects a varint longer than ten bytes', () => {
    const body = Buffer.concat([MAGIC, key(9, 0), Buffer.alloc(11, 0xff)])
    expect(decodeError(body).message).toMatch(/varint longer than 10 bytes/)
  })

  it('rejects groups, reserved wire types and field number 0', () => {
    for (const tag of [key(5, 3), key(5, 4), key(5, 6), key(5, 7), varint(2)]) {
      const error = decodeError(k8sBody('v1', 'Namespace', Buffer.concat([tag, Buffer.alloc(4)])))
      expect(error).toBeInstanceOf(ProtobufDecodeError)
      expect(error.message).toMatch(/^\(root\): (invalid|unsupported) (wire type|field number)/)
    }
  })

  it('rejects a known field sent with the wrong wire type, naming the field', () => {
    const error = decodeError(k8sBody('apps/v1', 'Deployment', msg(2, str(1, 'three'))))
    expect(error).toBeInstanceOf(ProtobufDecodeError)
    expect(error.message).toBe('spec.replicas: wire type 2 where int32 needs wire type 0')
    const nested = decodeError(k8sBody('apps/v1', 'Deployment', msg(2, msg(3, msg(2, msg(2, int(1, 7)))))))
    expect(nested.message).toBe('spec.template.spec.containers[0].name: wire type 0 where string needs wire type 2')
  })

  it('rejects a time outside years 0000-9999', () => {
    const meta = Buffer.concat([str(1, 'x'), msg(8, int(1, 2n ** 40n))])
    expect(decodeError(k8sBody('v1', 'Namespace', msg(1, meta))).message).toBe(
      'metadata.creationTimestamp: time 1099511627776s is outside years 0000-9999'
    )
  })

  it('rejects FieldsV1 that is not JSON', () => {
    const meta = Buffer.concat([str(1, 'x'), msg(17, msg(7, str(1, '{not json')))])
    expect(decodeError(k8sBody('v1', 'Namespace', msg(1, meta))).message).toBe(
      'metadata.managedFields[0].fieldsV1: FieldsV1 does not hold JSON'
    )
  })

  it('rejects encodings and content types it cannot read', () => {
    const wrap = (encoding: string, type: string) =>
      Buffer.concat([MAGIC, msg(1, str(1, 'v1'), str(2, 'Namespace')), bytes(2, Buffer.alloc(0)), str(3, encoding), str(4, type)])
    expect(decodeError(wrap('gzip', '')).message).toBe('unsupported contentEncoding "gzip"')
    expect(decodeError(wrap('', 'application/json')).message).toBe('unsupported contentType "application/json"')
    expect(decodeKubernetesProtobuf(wrap('', 'application/vnd.kubernetes.protobuf')).object).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1'
    })
  })

  it('rejects a body without a kind', () => {
    expect(decodeError(Buffer.concat([MAGIC, msg(1, str(1, 'v1'))])).message).toBe('the object has no kind')
  })

  it('names an unregistered kind the way the API server does', () => {
    const error = decodeError(k8sBody('v1', 'Foo', msg(1, objectMeta('x'))))
    expect(error).toBeInstanceOf(KindNotRegisteredError)
    expect(error.message).toBe('no kind "Foo" is registered for version "v1"')
    expect(error).toMatchObject({ apiVersion: 'v1', kind: 'Foo' })
    expect(decodeError(k8sBody('apps/v9', 'Deployment', Buffer.alloc(0))).message).toBe(
      'no kind "Deployment" is registered for version "apps/v9"'
    )
    // Names inherited from Object.prototype are not kinds.
    expect(decodeError(k8sBody('v1', 'constructor', Buffer.alloc(0)))).toBeInstanceOf(KindNotRegisteredError)
    expect(decodeError(k8sBody('toString', 'Namespace', Buffer.alloc(0)))).toBeInstanceOf(KindNotRegisteredError)
  })

  it('survives random corruption with only its own errors', () => {
    // A small deterministic PRNG, so a failure can be replayed.
    let seed = 12345
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let round = 0; round < 3000; round++) {
      const body = Buffer.from(deploymentBody)
      const flips = 1 + Math.floor(random() * 4)
      for (let i = 0; i < flips; i++) body[4 + Math.floor(random() * (body.length - 4))] = Math.floor(random() * 256)
      try {
        decodeKubernetesProtobuf(body)
      } catch (error) {
        if (!(error instanceof ProtobufDecodeError) && !(error instanceof KindNotRegisteredError)) throw error
      }
    }
  })
})
