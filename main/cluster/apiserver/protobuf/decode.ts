import { decodeMessage } from './decode-message'
import { kindDescriptor } from './kinds'
import { checkScalarWireType, readScalar } from './values'
import { ProtobufDecodeError, type Tag, WireReader, WireType } from './wire'

export { ProtobufDecodeError } from './wire'

/**
 * Decodes `application/vnd.kubernetes.protobuf` request bodies, which kubectl
 * 1.32's typed clients send for `kubectl create <generator>` and `kubectl
 * autoscale`, into the JSON object the API would have received as JSON.
 *
 * The body is the magic `k8s\0` followed by a runtime.Unknown
 * {typeMeta 1 {apiVersion 1, kind 2}, raw 2, contentEncoding 3, contentType 4}
 * whose `raw` is the object's own message.
 */

/** The Content-Type these bodies are sent with. */
export const KUBERNETES_PROTOBUF = 'application/vnd.kubernetes.protobuf'

const MAGIC = [0x6b, 0x38, 0x73, 0x00]

/** A decoded body. */
export interface DecodedProtobufObject {
  apiVersion: string
  kind: string
  /** The object as JSON, `kind` and `apiVersion` included. */
  object: Record<string, unknown>
  /**
   * Fields our tables do not know (`spec.template.spec.volumes[0]: field 3 of
   * k8s.io.api.core.v1.VolumeSource`). They were skipped; a caller validating
   * strictly may reject the request, or warn.
   */
  unknownFields: string[]
}

/**
 * The body names a kind we have no table for. The message is the one the API
 * server writes for an unregistered kind.
 */
export class KindNotRegisteredError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string
  ) {
    super(`no kind "${kind}" is registered for version "${apiVersion}"`)
    this.name = 'KindNotRegisteredError'
  }
}

/**
 * Decodes a Kubernetes protobuf body. Throws ProtobufDecodeError when the bytes
 * are not a well-formed body and KindNotRegisteredError when its kind is not
 * one we decode; never reads outside the buffer.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedProtobufObject {
  if (body.length < MAGIC.length || MAGIC.some((byte, i) => body[i] !== byte)) {
    throw new ProtobufDecodeError('body does not start with the Kubernetes protobuf prefix "k8s\\x00"')
  }
  const unknown = readUnknown(body.subarray(MAGIC.length))
  const { apiVersion, kind } = unknown
  if (unknown.contentEncoding !== '') {
    throw new ProtobufDecodeError(`unsupported contentEncoding "${unknown.contentEncoding}"`)
  }
  if (unknown.contentType !== '' && unknown.contentType !== KUBERNETES_PROTOBUF) {
    throw new ProtobufDecodeError(`unsupported contentType "${unknown.contentType}"`)
  }
  if (kind === '') throw new ProtobufDecodeError('the object has no kind')
  const descriptor = kindDescriptor(apiVersion, kind)
  if (!descriptor) throw new KindNotRegisteredError(apiVersion, kind)
  const unknownFields: string[] = []
  const fields = decodeMessage(unknown.raw, descriptor, '', { unknownFields })
  return { apiVersion, kind, object: { kind, apiVersion, ...fields }, unknownFields }
}

interface RuntimeUnknown {
  apiVersion: string
  kind: string
  raw: Uint8Array
  contentEncoding: string
  contentType: string
}

/** runtime.Unknown; its own unknown fields are skipped. */
function readUnknown(bytes: Uint8Array): RuntimeUnknown {
  const out: RuntimeUnknown = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' }
  const reader = new WireReader(bytes)
  try {
    while (!reader.done) {
      const tag = reader.readTag()
      if (tag.field === 1) Object.assign(out, readTypeMeta(messageBytes(reader, tag)))
      else if (tag.field === 2) out.raw = messageBytes(reader, tag)
      else if (tag.field === 3) out.contentEncoding = readString(reader, tag)
      else if (tag.field === 4) out.contentType = readString(reader, tag)
      else reader.skip(tag)
    }
  } catch (error) {
    if (error instanceof ProtobufDecodeError && error.path === undefined) {
      throw new ProtobufDecodeError(error.reason, 'runtime.Unknown')
    }
    throw error
  }
  return out
}

/** runtime.TypeMeta: {apiVersion 1, kind 2} (the reverse of metav1.TypeMeta's numbering). */
function readTypeMeta(bytes: Uint8Array): { apiVersion: string; kind: string } {
  const out = { apiVersion: '', kind: '' }
  const reader = new WireReader(bytes)
  while (!reader.done) {
    const tag = reader.readTag()
    if (tag.field === 1) out.apiVersion = readString(reader, tag)
    else if (tag.field === 2) out.kind = readString(reader, tag)
    else reader.skip(tag)
  }
  return out
}

function readString(reader: WireReader, tag: Tag): string {
  checkScalarWireType(tag, 'string')
  return readScalar(reader, 'string') as string
}

function messageBytes(reader: WireReader, tag: Tag): Uint8Array {
  if (tag.wireType !== WireType.LengthDelimited) {
    throw new ProtobufDecodeError(`wire type ${tag.wireType} where field ${tag.field} needs wire type 2`)
  }
  return reader.readLengthDelimited()
}
