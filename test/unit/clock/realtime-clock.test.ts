import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { FakeWall } from './helpers'

const START = Date.UTC(2026, 0, 1)

function realtime(speed = 1) {
  const wall = new FakeWall()
  const clock = createClock({ mode: 'realtime', start: START, speed, wall })
  return { wall, clock }
}

describe('realtime clock', () => {
  it('follows the wall clock times the speed', async () => {
    const { wall, clock } = realtime(2)
    await wall.advance(500)
    expect(clock.now()).toBe(START + 1000)
    expect(clock.state()).toEqual({ now: START + 1000, mode: 'realtime', speed: 2, paused: false })
  })

  it('keeps time continuous across speed changes', async () => {
    const { wall, clock } = realtime()
    await wall.advance(500)
    clock.setSpeed(10)
    expect(clock.now()).toBe(START + 500)
    await wall.advance(100)
    expect(clock.now()).toBe(START + 1500)
    clock.setSpeed(0.5)
    await wall.advance(100)
    expect(clock.now()).toBe(START + 1550)
    expect(() => clock.setSpeed(0)).toThrow(RangeError)
  })

  it('freezes while paused and continues without a jump', async () => {
    const { wall, clock } = realtime(3)
    await wall.advance(100)
    clock.pause()
    await wall.advance(10_000)
    expect(clock.now()).toBe(START + 300)
    clock.resume()
    await wall.advance(100)
    expect(clock.now()).toBe(START + 600)
  })

  it('fires timers when their cluster time comes, in order', async () => {
    const { wall, clock } = realtime(10)
    const out: string[] = []
    clock.setTimeout(() => out.push(`b@${clock.now() - START}`), 2000)
    clock.setTimeout(() => out.push(`a@${clock.now() - START}`), 1000)
    clock.setTimeout(() => out.push(`a2@${clock.now() - START}`), 1000)
    await wall.advance(99)
    expect(out).toEqual([])
    await wall.advance(1)
    expect(out).toEqual(['a@1000', 'a2@1000'])
    await wall.advance(100)
    expect(out).toEqual(['a@1000', 'a2@1000', 'b@2000'])
    expect(wall.pending).toBe(0)
  })

  it('re-arms its wall timer when the speed changes', async () => {
    const { wall, clock } = realtime()
    let firedAt = 0
    clock.setTimeout(() => (firedAt = wall.now()), 1000)
    await wall.advance(500)
    clock.setSpeed(10)
    await wall.advance(49)
    expect(firedAt).toBe(0)
    await wall.advance(1)
    expect(firedAt).toBe(550)
  })

  it('fires nothing while paused and catches up on resume', async () => {
    const { wall, clock } = realtime()
    let fired = 0
    clock.setTimeout(() => fired++, 100)
    clock.pause()
    expect(wall.pending).toBe(0)
    await wall.advance(1000)
    expect(fired).toBe(0)
    clock.resume()
    await wall.advance(99)
    expect(fired).toBe(0)
    await wall.advance(1)
    expect(fired).toBe(1)
  })

  it('steps while paused, firing due timers in order', async () => {
    const { clock } = realtime()
    const out: number[] = []
    clock.pause()
    clock.setTimeout(() => out.push(clock.now() - START), 300)
    clock.setTimeout(() => out.push(clock.now() - START), 100)
    clock.setInterval(() => out.push(-(clock.now() - START)), 250)
    await clock.step(600)
    expect(out).toEqual([100, -250, 300, -500])
    expect(clock.now()).toBe(START + 600)
  })

  it('runs intervals in real time', async () => {
    const { wall, clock } = realtime(60)
    let ticks = 0
    clock.setInterval(() => ticks++, 60_000)
    await wall.advance(5000)
    expect(ticks).toBe(5)
  })

  it('tells listeners about pause, resume and speed changes', async () => {
    const { wall, clock } = realtime()
    const seen: string[] = []
    clock.onChange((s) => seen.push(`${s.now - START}:${s.speed}:${s.paused}`))
    await wall.advance(10)
    clock.setSpeed(2)
    clock.pause()
    clock.resume()
    await clock.step(5)
    expect(seen).toEqual(['10:2:false', '10:2:true', '10:2:false', '15:2:false'])
  })

  it('clears its wall timer on dispose', () => {
    const { wall, clock } = realtime()
    clock.setTimeout(() => {}, 100)
    expect(wall.pending).toBe(1)
    clock.dispose()
    expect(wall.pending).toBe(0)
  })
})

describe('realtime clock on the platform timers', () => {
  it('fires a timer after the scaled wall delay', async () => {
    const clock = createClock({ mode: 'realtime', speed: 1000 })
    const started = clock.now()
    await clock.sleep(5000)
    expect(clock.now() - started).toBeGreaterThanOrEqual(5000)
    clock.dispose()
  })
})
