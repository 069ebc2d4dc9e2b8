/**
 * What the UI benchmark measures inside the page, through the canvas test
 * hook (`?e2e`: window.__kubelabTopology's sync and draw marks) and a record
 * of when each WebSocket message arrived. Times are the page's performance.now().
 */
import type { Page } from 'playwright-core'

interface Marks {
  syncs: Array<{ frame: number; at: number; pods: number; nodes: number }>
  draws: Array<{ frame: number; at: number }>
}

declare const window: {
  __kubelabTopology?: { syncs(): Marks['syncs']; draws(): Marks['draws']; zoom(): number; idle(): boolean }
  __socketArrivals: Array<{ at: number; bytes: number; head: string }>
  WebSocket: typeof WebSocket
}

/** Before any page script: every WebSocket message's arrival time, size and first characters (channel and revision), noted before the app's own listener parses it. */
export async function recordSocketArrivals(page: Page): Promise<void> {
  // A string, not a function: tsx's name helpers do not exist in the page.
  await page.addInitScript(`(() => {
    const arrivals = []
    window.__socketArrivals = arrivals
    const Native = window.WebSocket
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        super(url, protocols)
        this.addEventListener('message', (e) => {
          const text = typeof e.data === 'string' ? e.data : ''
          arrivals.push({ at: performance.now(), bytes: text.length, head: text.slice(0, 120) })
        })
      }
    }
  })()`)
}

const marks = (page: Page): Promise<Marks> => page.evaluate(() => ({ syncs: window.__kubelabTopology?.syncs() ?? [], draws: window.__kubelabTopology?.draws() ?? [] }))

/** The first draw showing a sync at or after `after` that satisfies `full`, or undefined. */
function firstDrawn(m: Marks, after: number, full: (s: Marks['syncs'][number]) => boolean): number | undefined {
  const sync = m.syncs.find((s) => s.at >= after && full(s))
  return sync && m.draws.find((d) => d.frame >= sync.frame && d.at >= sync.at)?.at
}

/** Navigation start to the first draw of a canvas holding every node and pod (ms). */
export async function measureFirstRender(page: Page, url: string, nodes: number, pods: number): Promise<number> {
  await page.goto(url)
  const full = (s: Marks['syncs'][number]): boolean => s.nodes >= nodes && s.pods >= pods
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await page.waitForTimeout(200)) {
    const at = firstDrawn(await marks(page), 0, full)
    if (at !== undefined) return at
  }
  throw new Error(`the canvas never showed ${nodes} nodes and ${pods} pods`)
}

/** Frames per second (requestAnimationFrame callbacks) while the mouse drags the canvas about and the wheel zooms in and out. */
export async function measurePanZoomFps(page: Page, ms: number): Promise<number> {
  const box = (await page.locator('[data-test="topology-canvas"]').boundingBox())!
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  await page.evaluate(`(() => {
    window.__frames = 0
    window.__counting = true
    const tick = () => {
      if (!window.__counting) return
      window.__frames++
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  const start = Date.now()
  let step = 0
  while (Date.now() - start < ms) {
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    for (let i = 1; i <= 10; i++) await page.mouse.move(cx + i * 12 * Math.cos(step), cy + i * 8 * Math.sin(step))
    await page.mouse.up()
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, step % 2 ? 120 : -120)
    step++
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __counting: boolean }
    w.__counting = false
    return w.__frames
  })
  return frames / ((Date.now() - start) / 1000)
}

/** From the arrival of the watch/deltas batch of `revision` (which `trigger` causes and resolves with) to the first draw after the sync that applied it (ms). */
export async function measureDelta(page: Page, trigger: () => Promise<number>): Promise<number> {
  const revision = await trigger()
  const isBatch = (head: string): boolean => head.includes('"channel":"watch/deltas"') && head.includes(`"revision":${revision},`)
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await page.waitForTimeout(200)) {
    const batch = (await page.evaluate(() => window.__socketArrivals)).find((a) => isBatch(a.head))
    if (!batch) continue
    const at = firstDrawn(await marks(page), batch.at, () => true)
    if (at !== undefined) return at - batch.at
  }
  throw new Error(`the batch of revision ${revision} was never drawn`)
}

/**
 * Zooms the canvas in `factor` times about its centre with the zoom-in button, as a person would, waiting
 * for each step to be drawn. (Wheel steps do not serve here: once cytoscape has taken the pan-zoom phase's
 * 120-pixel steps for a mouse's notches, it reads a 300-pixel step as a fraction of a notch, barely a zoom.)
 * Resolves with the zoom reached.
 */
export async function zoomInAboutCentre(page: Page, factor: number): Promise<number> {
  const zoom = (): Promise<number> => page.evaluate(() => window.__kubelabTopology?.zoom() ?? 0)
  const wanted = (await zoom()) * factor
  for (let step = 0; step < 40 && (await zoom()) < wanted; step++) {
    const before = await zoom()
    await page.locator('[data-test="zoom-in"]').click()
    // Each click animates 1.25 times the zoom over 150 ms: the next one starts from where it ended.
    await page.waitForFunction((z) => (window.__kubelabTopology?.zoom() ?? 0) >= z * 1.24 || (window.__kubelabTopology?.zoom() ?? 0) >= 2.99, before, { timeout: 5_000 })
  }
  return zoom()
}
