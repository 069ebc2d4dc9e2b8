/**
 * Optional Chromium CPU profiles of the page under test, one per benchmark
 * phase (UI_BENCH_PROFILE=<dir>): open them in Chrome DevTools' Performance
 * panel, or summarise self time by function. Off, it costs nothing. And the
 * page's busy time around a phase, to set beside its wall time.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'

export interface PageProfiler {
  /** Profiles `work` as `<dir>/<name>.cpuprofile`. */
  around<T>(name: string, work: () => Promise<T>): Promise<T>
}

/**
 * The page's main-thread busy time (Chromium's TaskDuration, ms) while `work`
 * runs: on a shared machine wall time also counts the waits for a core, this
 * does not.
 */
export async function pageBusyMs<T>(page: Page, work: () => Promise<T>): Promise<{ result: T; busyMs: number }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const taskSeconds = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
  const before = await taskSeconds()
  const result = await work()
  const busyMs = ((await taskSeconds()) - before) * 1000
  await cdp.detach()
  return { result, busyMs }
}

export async function pageProfiler(page: Page, dir: string | undefined): Promise<PageProfiler> {
  if (!dir) return { around: (_name, work) => work() }
  const cdp: CDPSession = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
  return {
    async around(name, work) {
      await cdp.send('Profiler.start')
      try {
        return await work()
      } finally {
        const { profile } = await cdp.send('Profiler.stop')
        writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
      }
    }
  }
}
