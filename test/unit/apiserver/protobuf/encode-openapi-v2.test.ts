import { describe, expect, it } from 'vitest'
import { WireWriter } from '../../../../main/cluster/apiserver/protobuf/encode-wire'
import { encodeOpenApiV2 } from '../../../../main/cluster/apiserver/protobuf/encode-openapi-v2'
import { findKubectlBinary } from './descriptor-set'
import { decodeAs, readGnosticDescriptor } from './gnostic-descriptor'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('WireWriter', () => {
  it('writes keys, varints, strings, bools, doubles and nested messages as protobuf does', () => {
    const w = new WireWriter().varint(300).string(1, 'hi').bool(2, true).double(3, 1.5).int64(4, 150)
    expect(hex(w.finish())).toBe('ac02' + '0a026869' + '1001' + '19000000000000f83f' + '209601')
  })

  it('leaves proto3 zero values out but writes present empty messages', () => {
    const w = new WireWriter().string(1, '').bool(2, false).double(3, 0).int64(4, 0).strings(5, []).message(6, () => undefined)
    expect(hex(w.finish())).toBe('3200')
  })

  it('encodes strings as UTF-8 with a byte length, and grows past its first buffer', () => {
    expect(hex(new WireWriter().string(1, 'é').finish())).toBe('0a02c3a9')
    const long = 'x'.repeat(1000)
    const bytes = new WireWriter().string(2, long).finish()
    expect(hex(bytes.subarray(0, 3))).toBe('12e807')
    expect(bytes.length).toBe(1003)
  })

  it('prefixes nested messages with their exact length, across buffer growth and long contents', () => {
    const w = new WireWriter()
    w.message(1, (a) => a.message(2, (b) => b.string(3, 'x'.repeat(200))).message(4, () => undefined))
    const bytes = w.finish()
    // 1: [2: [3: 200 x's] (203 bytes + key + 2-byte length = 206), 4: empty (2 bytes)] = 208 bytes
    expect(hex(bytes.subarray(0, 3))).toBe('0ad001')
    expect(hex(bytes.subarray(3, 9))).toBe('12cb011ac801')
    expect(hex(bytes.subarray(bytes.length - 2))).toBe('2200')
    expect(bytes.length).toBe(3 + 208)
    for (let fill = 240; fill < 260; fill++) {
      const g = new WireWriter().bytes(9, new Uint8Array(fill)).message(1, (m) => m.string(2, 'ab'))
      expect(hex(g.finish().subarray(g.finish().length - 6))).toBe('0a04' + '12026162')
    }
  })

  it('refuses varints it cannot write exactly', () => {
    expect(() => new WireWriter().varint(-1)).toThrow(RangeError)
    expect(() => new WireWriter().varint(2 ** 53)).toThrow(RangeError)
  })
})

/** A small Swagger 2.0 document with every construct the apiserver's uses. */
const gvk = { group: '', kind: 'Pod', version: 'v1' }
const doc = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'v1.32.4+kubelab' },
  paths: {
    '/api/v1/namespaces/{namespace}/pods/{name}': {
      patch: {
        consumes: ['application/merge-patch+json'],
        description: 'partially update the specified Pod',
        operationId: 'patchCoreV1NamespacedPod',
        parameters: [
          { in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } },
          { name: 'fieldValidation', in: 'query', description: 'how', type: 'string', uniqueItems: true }
        ],
        produces: ['application/json'],
        responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.core.v1.Pod' } }, '401': { description: 'Unauthorized' } },
        schemes: ['https'],
        tags: ['core_v1'],
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk
      },
      parameters: [{ name: 'name', in: 'path', description: 'name of the Pod', required: true, type: 'string', uniqueItems: true }]
    }
  },
  definitions: {
    'io.k8s.api.core.v1.Pod': {
      description: 'A pod.',
      properties: {
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', description: 'Standard object metadata.' },
        ports: { type: 'array', items: { type: 'integer', format: 'int32' }, 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-patch-strategy': 'merge' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        phase: { type: 'string', enum: ['Pending', 'Running'], default: 'Pending' }
      },
      required: ['metadata'],
      type: 'object',
      'x-kubernetes-group-version-kind': [gvk]
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { properties: {}, type: 'object' }
  },
  securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
  security: [{ BearerToken: [] }]
}

/** The same document as gnostic's openapi_v2.Document, by proto field names. */
const gnostic = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'v1.32.4+kubelab' },
  paths: {
    path: [
      {
        name: '/api/v1/namespaces/{namespace}/pods/{name}',
        value: {
          patch: {
            tags: ['core_v1'],
            description: 'partially update the specified Pod',
            operation_id: 'patchCoreV1NamespacedPod',
            produces: ['application/json'],
            consumes: ['application/merge-patch+json'],
            parameters: [
              { parameter: { body_parameter: { name: 'body', in: 'body', required: true, schema: { _ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } } } },
              { parameter: { non_body_parameter: { query_parameter_sub_schema: { in: 'query', description: 'how', name: 'fieldValidation', type: 'string', unique_items: true } } } }
            ],
            responses: {
              response_code: [
                { name: '200', value: { response: { description: 'OK', schema: { schema: { _ref: '#/definitions/io.k8s.api.core.v1.Pod' } } } } },
                { name: '401', value: { response: { description: 'Unauthorized' } } }
              ]
            },
            schemes: ['https'],
            vendor_extension: [
              { name: 'x-kubernetes-action', value: { yaml: '"patch"' } },
              { name: 'x-kubernetes-group-version-kind', value: { yaml: '{"group":"","kind":"Pod","version":"v1"}' } }
            ]
          },
          parameters: [{ parameter: { non_body_parameter: { path_parameter_sub_schema: { required: true, in: 'path', description: 'name of the Pod', name: 'name', type: 'string', unique_items: true } } } }]
        }
      }
    ]
  },
  definitions: {
    additional_properties: [
      {
        name: 'io.k8s.api.core.v1.Pod',
        value: {
          description: 'A pod.',
          required: ['metadata'],
          type: { value: ['object'] },
          properties: {
            additional_properties: [
              { name: 'metadata', value: { _ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', description: 'Standard object metadata.' } },
              {
                name: 'ports',
                value: {
                  type: { value: ['array'] },
                  items: { schema: [{ format: 'int32', type: { value: ['integer'] } }] },
                  vendor_extension: [
                    { name: 'x-kubernetes-patch-merge-key', value: { yaml: '"containerPort"' } },
                    { name: 'x-kubernetes-patch-strategy', value: { yaml: '"merge"' } }
                  ]
                }
              },
              { name: 'labels', value: { additional_properties: { schema: { type: { value: ['string'] } } }, type: { value: ['object'] } } },
              { name: 'phase', value: { default: { yaml: '"Pending"' }, enum: [{ yaml: '"Pending"' }, { yaml: '"Running"' }], type: { value: ['string'] } } }
            ]
          },
          vendor_extension: [{ name: 'x-kubernetes-group-version-kind', value: { yaml: '[{"group":"","kind":"Pod","version":"v1"}]' } }]
        }
      },
      // An object with no properties still carries an (empty) Properties message, so Go sees a non-nil one.
      { name: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', value: { type: { value: ['object'] }, properties: {} } }
    ]
  },
  security: [{ additional_properties: [{ name: 'BearerToken', value: {} }] }],
  security_definitions: {
    additional_properties: [
      { name: 'BearerToken', value: { api_key_security: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } } }
    ]
  }
}

describe('encodeOpenApiV2', () => {
  it('starts as a hand-checked Document: swagger (1), then info (2) with title (1) and version (2)', () => {
    const bytes = encodeOpenApiV2({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.4' } })
    expect(hex(bytes)).toBe('0a03322e30' + '1215' + '0a0a4b756265726e65746573' + '120776312e33322e34')
  })

  const kubectl = findKubectlBinary()
  const messages = kubectl ? readGnosticDescriptor(kubectl) : undefined
  it.skipIf(!messages)("decodes, by the OpenAPIv2.proto descriptor compiled into kubectl 1.32, to the same document gnostic would read", () => {
    expect(decodeAs(messages!, '.openapi.v2.Document', encodeOpenApiV2(doc))).toEqual(gnostic)
  })
})
