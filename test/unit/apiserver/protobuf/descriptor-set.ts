import { existsSync, readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { WireReader } from '../../../../main/cluster/apiserver/protobuf/wire'

/**
 * Reads the FileDescriptorProtos that gogo-generated Go code embeds (gzipped)
 * in every Kubernetes binary, so tests can check our hand-written tables
 * against the field numbers kubectl itself was built with.
 */

/** One field as the real descriptor declares it. */
export interface RealField {
  name: string
  number: number
  label: number // 1 optional, 3 repeated
  type: number // FieldDescriptorProto.Type
  typeName: string // '.k8s.io.api.core.v1.PodSpec' for messages
  /** gogoproto.nullable: true unless the field carries (gogoproto.nullable) = false, i.e. a Go pointer. */
  nullable: boolean
}

/** One message, by fully qualified name with a leading dot. */
export interface RealMessage {
  fields: Map<number, RealField>
  mapEntry: boolean
}

/** Where kubectl 1.32 may live: the gcloud SDK ships one binary per minor. */
export const KUBECTL_1_32_CANDIDATES = [
  process.env.KUBECTL_1_32_BINARY ?? '',
  '/usr/lib/google-cloud-sdk/bin/kubectl.1.32'
].filter((p) => p !== '')

/** The first kubectl 1.32 binary found, or undefined. */
export function findKubectlBinary(): string | undefined {
  return KUBECTL_1_32_CANDIDATES.find((p) => existsSync(p))
}

// The gzip header protoc-gen-gogo's writer (Go, best compression) emits: magic, deflate, no flags, zero mtime, XFL 2, OS unknown.
const GZIP_HEADER = Buffer.from('1f8b08000000000002ff', 'hex')
const GOGO_NULLABLE = 65001

/** Every k8s.io message described in the binary at `path`. */
export function readDescriptorSet(path: string): Map<string, RealMessage> {
  const binary = readFileSync(path)
  const messages = new Map<string, RealMessage>()
  for (let at = binary.indexOf(GZIP_HEADER); at >= 0; at = binary.indexOf(GZIP_HEADER, at + 1)) {
    let file: Buffer
    try {
      // Trailing bytes after the gzip member are ignored by gunzip.
      file = gunzipSync(binary.subarray(at, at + 1_000_000))
    } catch {
      continue
    }
    readFile(file, messages)
  }
  return messages
}

function* fieldsOf(bytes: Uint8Array): Generator<{ field: number; value: bigint | Uint8Array }> {
  const reader = new WireReader(bytes)
  while (!reader.done) {
    const tag = reader.readTag()
    if (tag.wireType === 0) yield { field: tag.field, value: reader.readVarint() }
    else if (tag.wireType === 2) yield { field: tag.field, value: reader.readLengthDelimited() }
    else reader.skip(tag)
  }
}

const text = (value: bigint | Uint8Array) => Buffer.from(value as Uint8Array).toString('utf8')

function readFile(file: Uint8Array, out: Map<string, RealMessage>): void {
  // gunzip also inflates the gzip members that follow this one: adjacent descriptors come out concatenated,
  // each starting with its name (field 1), so a new name starts a new file.
  const files: { pkg: string; messageBytes: Uint8Array[] }[] = []
  try {
    for (const { field, value } of fieldsOf(file)) {
      if (field === 1 || files.length === 0) files.push({ pkg: '', messageBytes: [] })
      const current = files[files.length - 1]
      if (field === 2) current.pkg = text(value)
      if (field === 4) current.messageBytes.push(value as Uint8Array)
    }
  } catch {
    // not a descriptor after all (or trailing bytes that are not one): keep the complete files before it
    files.pop()
  }
  for (const { pkg, messageBytes } of files) {
    if (!pkg.startsWith('k8s.io.')) continue
    for (const bytes of messageBytes) readMessage(bytes, `.${pkg}`, out)
  }
}

function readMessage(bytes: Uint8Array, scope: string, out: Map<string, RealMessage>): void {
  let name = ''
  const message: RealMessage = { fields: new Map(), mapEntry: false }
  const nested: Uint8Array[] = []
  for (const { field, value } of fieldsOf(bytes)) {
    if (field === 1) name = text(value)
    else if (field === 2) {
      const real = readField(value as Uint8Array)
      message.fields.set(real.number, real)
    } else if (field === 3) nested.push(value as Uint8Array)
    else if (field === 7) {
      for (const option of fieldsOf(value as Uint8Array)) if (option.field === 7) message.mapEntry = option.value === 1n
    }
  }
  const fullName = `${scope}.${name}`
  out.set(fullName, message)
  for (const n of nested) readMessage(n, fullName, out)
}

function readField(bytes: Uint8Array): RealField {
  const real: RealField = { name: '', number: 0, label: 0, type: 0, typeName: '', nullable: true }
  for (const { field, value } of fieldsOf(bytes)) {
    if (field === 1) real.name = text(value)
    else if (field === 3) real.number = Number(value)
    else if (field === 4) real.label = Number(value)
    else if (field === 5) real.type = Number(value)
    else if (field === 6) real.typeName = text(value)
    else if (field === 8) {
      for (const option of fieldsOf(value as Uint8Array)) if (option.field === GOGO_NULLABLE) real.nullable = option.value !== 0n
    }
  }
  return real
}
