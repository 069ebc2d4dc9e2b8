/**
 * This process's (the main process's) CPU profile of a benchmark phase, when
 * UI_BENCH_MAIN_PROFILE=<dir> is set: `<dir>/main-<name>.cpuprofile`, to find
 * the long tasks behind the event-loop delay (open it in Chrome DevTools'
 * Performance panel). Off, it costs nothing.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

export async function aroundMainProfile<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.UI_BENCH_MAIN_PROFILE
  if (!dir) return work()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 250 })
  await session.post('Profiler.start')
  try {
    return await work()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(join(dir, `main-${name}.cpuprofile`), JSON.stringify(profile))
    session.disconnect()
  }
}
