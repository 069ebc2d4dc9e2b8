/**
 * Optional Chromium CPU profiles of the page under test, one per benchmark
 * phase (UI_BENCH_PROFILE=<dir>): open them in Chrome DevTools' Performance
 * panel, or summarise self time by function. Off, it costs nothing.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'

export interface PageProfiler {
  /** Profiles `work` as `<dir>/<name>.cpuprofile`. */
  around<T>(name: string, work: () => Promise<T>): Promise<T>
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
