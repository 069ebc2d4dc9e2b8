/** The Apply dialog's plan: long manifests in parts (for progress), results renumbered, failures placed at their fields. */
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { markersFor, planParts, renumber } from './modules'
import type { ApplyResult } from '../../../preload/contract'

const cm = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  k: "${i}"\n`
const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length

describe('planParts', () => {
  it('sends a short manifest whole', () => {
    const text = [1, 2, 3].map(cm).join('---\n')
    expect(planParts(text)).toEqual([{ yaml: text, first: 1, count: 3 }])
  })

  it('splits a long one into parts that hold every document once, in order', () => {
    const text = Array.from({ length: 12 }, (_, i) => cm(i)).join('---\n')
    const parts = planParts(text, 5)
    expect(parts.map((p) => [p.first, p.count])).toEqual([[1, 5], [6, 5], [11, 2]])
    const names = parts.flatMap((p) => parseAllDocuments(p.yaml).map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name))
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `cm-${i}`))
  })

  it('keeps YAML with a syntax error whole, so the main process reports it as it reads it', () => {
    const text = [...Array.from({ length: 7 }, (_, i) => cm(i)), 'kind: [Pod\n'].join('---\n')
    expect(planParts(text, 5)).toHaveLength(1)
  })
})

describe('renumber', () => {
  it('adds the part offset to failed documents and their messages', () => {
    const failed: ApplyResult = { ok: false, document: 2, message: 'error parsing YAML (document 2): bad' }
    expect(renumber([failed], { yaml: '', first: 6, count: 5 })).toEqual([{ ok: false, document: 7, message: 'error parsing YAML (document 7): bad' }])
  })
})

describe('markersFor', () => {
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: -1\n  template:\n    spec:\n      containers:\n      - name: web\n        ports:\n        - containerPort: 99999\n`
  it('puts one marker at each field the Status names, with its message', () => {
    const result: ApplyResult = {
      ok: false,
      document: 1,
      message: 'Deployment.apps "broken" is invalid: [...]',
      status: {
        details: {
          causes: [
            { reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
            { reason: 'FieldValueInvalid', field: 'spec.template.spec.containers[0].ports[0].containerPort', message: 'Invalid value: 99999: must be between 1 and 65535, inclusive' }
          ]
        }
      }
    }
    const markers = markersFor(text, [result])
    expect(markers.map((m) => lineOf(text, m.from))).toEqual([6, 12])
    expect(markers[0].message).toBe('spec.replicas: Invalid value: -1: must be greater than or equal to 0')
  })

  it('marks the object name when the Status names no field', () => {
    const markers = markersFor(text, [{ ok: false, document: 1, message: 'deployments.apps "broken" already exists', status: { reason: 'AlreadyExists' } }])
    expect(markers).toHaveLength(1)
    expect(lineOf(text, markers[0].from)).toBe(4)
    expect(markers[0].message).toContain('already exists')
  })

  it('marks a syntax error where the parser stopped', () => {
    const bad = 'apiVersion: v1\nkind: [Pod\n'
    const markers = markersFor(bad, [{ ok: false, document: 1, message: 'error parsing YAML (document 1): ...' }])
    expect(markers).toHaveLength(1)
  })
})
