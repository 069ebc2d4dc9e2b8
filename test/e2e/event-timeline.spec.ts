import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage } from './pages/app-page'

// The realtime clock keeps the default cluster's start-up events apart in time, as a user sees them.
const served = serveForFile(['--clock', 'realtime'])

test('the event stream scrubs back in time and returns to live', async ({ page }) => {
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  const count = async (): Promise<number> => Number(await page.locator('[data-test="events-count"]').textContent())
  // Start-up events (nodes registered, system pods scheduled and started) arrive over the first seconds.
  await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(10)
  const timeline = page.locator('[data-test="event-timeline"]')
  await expect(timeline).toBeVisible()
  const live = await count()

  // Drag the cursor to the timeline's start: only the first events had happened by then.
  const box = (await timeline.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + 1, box.y + box.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect(page.locator('[data-test="events-scrubbed"]')).toContainText('as of')
  await expect.poll(count).toBeLessThan(live)
  const past = await count()
  expect(await page.locator('[data-test="event-row"]').count()).toBe(past)
  await app.screenshot('events-scrubbed')

  // The arrow keys walk forward; Live (or End) returns to the whole stream.
  await timeline.focus()
  await page.keyboard.press('ArrowRight')
  await expect.poll(count).toBeGreaterThanOrEqual(past)
  await page.locator('[data-test="events-live"]').click()
  await expect(page.locator('[data-test="events-scrubbed"]')).toHaveCount(0)
  await expect.poll(count).toBeGreaterThanOrEqual(live)
})
