import { describe, expect, it } from 'vitest'
import { ItemExponentialFailureRateLimiter } from '../../../main/cluster/client/rate-limiter'

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles from 5 ms per failure of an item, up to 1000 s, as client-go’s default', () => {
    const limiter = new ItemExponentialFailureRateLimiter()
    const delays = Array.from({ length: 20 }, () => limiter.when('a'))
    expect(delays.slice(0, 6)).toEqual([5, 10, 20, 40, 80, 160])
    // 5 × 2^17 = 655 360 ms; the next doubling passes the 1000 s cap.
    expect(delays[17]).toBe(655_360)
    expect(delays[18]).toBe(1_000_000)
    expect(delays[19]).toBe(1_000_000)
    expect(limiter.numRequeues('a')).toBe(20)
  })

  it('keeps a separate count per item and forgets on request', () => {
    const limiter = new ItemExponentialFailureRateLimiter()
    limiter.when('a')
    limiter.when('a')
    expect(limiter.when('b')).toBe(5)
    limiter.forget('a')
    expect(limiter.numRequeues('a')).toBe(0)
    expect(limiter.when('a')).toBe(5)
  })

  it('takes its numbers as options', () => {
    const limiter = new ItemExponentialFailureRateLimiter({ baseDelay: 1, maxDelay: 8 })
    expect(Array.from({ length: 6 }, () => limiter.when('x'))).toEqual([1, 2, 4, 8, 8, 8])
  })

  it('stays at the cap after very many failures', () => {
    const limiter = new ItemExponentialFailureRateLimiter()
    for (let i = 0; i < 2000; i++) limiter.when('a')
    expect(limiter.when('a')).toBe(1_000_000)
  })
})
