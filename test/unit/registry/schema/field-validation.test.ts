import { describe, expect, it } from 'vitest'
import { StatusError } from '../../../../main/cluster/apimachinery/errors'
import {
  enforceFieldValidation,
  fieldValidationDirective,
  fieldValidationError,
  fieldValidationWarnings,
  patchFieldValidationError,
  strictDecodingMessage,
  warningHeaderValue
} from '../../../../main/cluster/registry/schema/field-validation'

const q = (s: string): URLSearchParams => new URLSearchParams(s)

describe('fieldValidationDirective', () => {
  it('reads Strict, Warn and Ignore, and defaults to Warn', () => {
    expect(fieldValidationDirective(q('fieldValidation=Strict&fieldManager=kubectl'), 'CreateOptions')).toBe('Strict')
    expect(fieldValidationDirective(q('fieldValidation=Warn'), 'UpdateOptions')).toBe('Warn')
    expect(fieldValidationDirective(q('fieldValidation=Ignore'), 'PatchOptions')).toBe('Ignore')
    expect(fieldValidationDirective(q(''), 'CreateOptions')).toBe('Warn')
    expect(fieldValidationDirective(q('fieldValidation='), 'CreateOptions')).toBe('Warn')
  })

  it('answers 422 for anything else, naming the options kind', () => {
    let err: unknown
    try {
      fieldValidationDirective(q('fieldValidation=strict'), 'PatchOptions')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(StatusError)
    const s = (err as StatusError).status
    expect(s.code).toBe(422)
    expect(s.reason).toBe('Invalid')
    expect(s.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"')
  })
})

describe('strict errors', () => {
  const errors = ['unknown field "spec.containers[0].imagee"', 'duplicate field "spec.replicas"']

  it('joins them as the strict decoder does', () => {
    expect(strictDecodingMessage(errors)).toBe('strict decoding error: unknown field "spec.containers[0].imagee", duplicate field "spec.replicas"')
  })

  it('answers a create or update with 400 BadRequest', () => {
    const e = fieldValidationError({ group: '', version: 'v1', kind: 'Pod' }, errors.slice(0, 1))
    expect(e.status).toMatchObject({ code: 400, reason: 'BadRequest', status: 'Failure' })
    expect(e.message).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"')
    const hpa = fieldValidationError({ group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' }, ['unknown field "spec.x"'])
    expect(hpa.message).toBe('HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.x"')
  })

  it('answers a patch with 422 on the field "patch"', () => {
    const e = patchFieldValidationError(['unknown field "spec.foo"'], 'map[spec:map[foo:1]]')
    expect(e.status.code).toBe(422)
    expect(e.message).toBe(' "" is invalid: patch: Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo"')
    expect(e.status.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo"', field: 'patch' }
    ])
  })

  it('makes one Warning header value per distinct error', () => {
    expect(warningHeaderValue('unknown field "a\\b"')).toBe('299 - "unknown field \\"a\\\\b\\""')
    expect(fieldValidationWarnings(['unknown field "x"', 'unknown field "x"', 'duplicate field "y"'])).toEqual([
      '299 - "unknown field \\"x\\""',
      '299 - "duplicate field \\"y\\""'
    ])
  })

  it('enforces the directive', () => {
    const strict = (): StatusError => fieldValidationError({ group: '', version: 'v1', kind: 'Pod' }, errors)
    expect(() => enforceFieldValidation('Strict', errors, strict)).toThrow('cannot be handled as a Pod')
    expect(enforceFieldValidation('Strict', [], strict)).toEqual([])
    expect(enforceFieldValidation('Warn', errors, strict)).toHaveLength(2)
    expect(enforceFieldValidation('Ignore', errors, strict)).toEqual([])
  })
})
