import { describe, expect, it } from 'vitest'
import { deepCopy } from '../../../main/cluster/apimachinery/deep-copy'

describe('deepCopy', () => {
  it('copies a frozen object tree into an unfrozen one equal to what structuredClone gives', () => {
    const pod = Object.freeze({
      metadata: Object.freeze({ name: 'web', labels: Object.freeze({ app: 'web' }), finalizers: Object.freeze(['a']) }),
      spec: Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'c', ports: Object.freeze([Object.freeze({ containerPort: 80 })]) })]) }),
      status: Object.freeze({ phase: 'Running', hostIP: undefined, startTime: null, ready: true })
    })
    const copy = deepCopy(pod) as unknown as { spec: { containers: Array<{ ports: Array<{ containerPort: number }> }> }; status: object }
    expect(copy).toStrictEqual(structuredClone(pod))
    expect(Object.isFrozen(copy) || Object.isFrozen(copy.spec.containers[0])).toBe(false)
    copy.spec.containers[0].ports[0].containerPort = 8080
    expect(pod.spec.containers[0].ports[0].containerPort).toBe(80)
    expect('hostIP' in copy.status).toBe(true)
  })

  it('keeps array holes and a decoded __proto__ key as data', () => {
    const decoded = JSON.parse('{"__proto__": {"polluted": true}, "list": [1, 2]}') as Record<string, unknown>
    const sparse = [1, , 3] // eslint-disable-line no-sparse-arrays
    const copy = deepCopy({ decoded, sparse })
    expect(Object.getPrototypeOf(copy.decoded)).toBe(Object.prototype)
    expect(Object.hasOwn(copy.decoded, '__proto__')).toBe(true)
    expect((copy.decoded as { polluted?: boolean }).polluted).toBeUndefined()
    expect(1 in copy.sparse).toBe(false)
    expect(copy.sparse).toHaveLength(3)
  })

  it('hands what is not plain data to structuredClone: Dates and Maps copied, functions refused', () => {
    const when = new Date(Date.UTC(2026, 0, 1))
    const copy = deepCopy({ when, seen: new Map([['a', 1]]) })
    expect(copy.when).toBeInstanceOf(Date)
    expect(copy.when).not.toBe(when)
    expect(copy.when.getTime()).toBe(when.getTime())
    expect(copy.seen.get('a')).toBe(1)
    expect(() => deepCopy({ f: () => 1 })).toThrow()
  })
})
