/** API field paths (field.Path strings) -> the place in the user's YAML where the editor marks the error. */
import { describe, expect, it } from 'vitest'
import { findField, parseFieldPath, syntaxErrorRange } from './modules'

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: bad
  labels:
    app.kubernetes.io/name: web
spec:
  containers:
  - name: app
    ports:
    - containerPort: 99999
  - name: sidecar
    image: busybox
`
const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length
const textAt = (text: string, r: { from: number; to: number }): string => text.slice(r.from, r.to)

describe('parseFieldPath', () => {
  it.each([
    ['spec.containers[0].image', [{ key: 'spec' }, { key: 'containers' }, { index: 0 }, { key: 'image' }]],
    ['metadata.labels[app.kubernetes.io/name]', [{ key: 'metadata' }, { key: 'labels' }, { key: 'app.kubernetes.io/name' }]],
    ['metadata.name', [{ key: 'metadata' }, { key: 'name' }]],
    ['', []]
  ])('%s', (path, segments) => expect(parseFieldPath(path)).toEqual(segments))
})

describe('findField', () => {
  it('finds a nested list field exactly, on its own line', () => {
    const r = findField(pod, 1, 'spec.containers[0].ports[0].containerPort')!
    expect(r.exact).toBe(true)
    expect(lineOf(pod, r.from)).toBe(11)
    expect(textAt(pod, r)).toBe('containerPort: 99999')
  })

  it('finds a map key that contains dots through brackets', () => {
    const r = findField(pod, 1, 'metadata.labels[app.kubernetes.io/name]')!
    expect(r.exact).toBe(true)
    expect(textAt(pod, r)).toBe('app.kubernetes.io/name: web')
  })

  it('points a missing field (Required value) at its nearest ancestor', () => {
    const r = findField(pod, 1, 'spec.containers[0].image')!
    expect(r.exact).toBe(false)
    expect(lineOf(pod, r.from)).toBe(9) // the container: `- name: app`
  })

  it('counts documents as the apply call does, and List items by index', () => {
    const two = `kind: ConfigMap\nmetadata:\n  name: a\n---\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    name: x\n- kind: Pod\n  metadata:\n    name: y\n`
    expect(lineOf(two, findField(two, 1, 'metadata.name')!.from)).toBe(3)
    const r = findField(two, 2, 'metadata.name', 1)!
    expect(r.exact).toBe(true)
    expect(textAt(two, r)).toBe('name: y')
    expect(findField(two, 3, 'metadata.name')).toBeUndefined()
  })

  it('falls back to the document start without a field', () => {
    const r = findField(pod, 1, undefined)!
    expect(lineOf(pod, r.from)).toBe(1)
  })

  it('marks a key written without a value', () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - name: a\n    image:\n'
    const r = findField(text, 1, 'spec.containers[0].image')!
    expect(r.exact).toBe(true)
    expect(lineOf(text, r.from)).toBe(5)
  })
})

describe('syntaxErrorRange', () => {
  it('is where the parser stopped', () => {
    const text = 'apiVersion: v1\nkind: [Pod\n'
    const r = syntaxErrorRange(text, 1)!
    expect(lineOf(text, r.from)).toBeGreaterThanOrEqual(2)
    expect(syntaxErrorRange(pod, 1)).toBeUndefined()
  })
})
