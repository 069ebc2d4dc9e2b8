/**
 * This process's (the main process's) CPU profile of a benchmark phase, when
 * UI_BENCH_MAIN_PROFILE=<dir> is set: `<dir>/main-<name>.cpuprofile`, to find
 * the long tasks behind the event-loop delay (open it in Chrome DevTools'
 * Performance panel). Beside it, `main-<name>.stalls.json` lists when a 1 ms
 * timer fired late by more than 10 ms ({ start, end } in the profile's
 * microseconds): the loop's long turns, whose samples say what ran. Off, it
 * costs nothing.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

/** Monotonic microseconds, on the clock V8's profiles use for sample times. */
const micros = (): number => Number(process.hrtime.bigint() / 1000n)

export async function aroundMainProfile<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.UI_BENCH_MAIN_PROFILE
  if (!dir) return work()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 250 })
  await session.post('Profiler.start')
  const stalls: Array<{ start: number; end: number }> = []
  let last = micros()
  const ticker = setInterval(() => {
    const now = micros()
    if (now - last > 11_000) stalls.push({ start: last, end: now })
    last = now
  }, 1)
  try {
    return await work()
  } finally {
    clearInterval(ticker)
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(join(dir, `main-${name}.cpuprofile`), JSON.stringify(profile))
    writeFileSync(join(dir, `main-${name}.stalls.json`), JSON.stringify(stalls))
    session.disconnect()
  }
}
