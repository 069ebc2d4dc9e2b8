import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

const served = serveForFile()

test('the clock pauses, steps and resumes from the toolbar', async ({ page }) => {
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  const toggle = page.locator('[data-test="clock-toggle"]')
  await toggle.click()
  await expect(app.clockTime).toContainText('paused')
  const seconds = async (): Promise<number> => {
    const [h, m, s] = ((await app.clockTime.locator('.mono').textContent()) ?? '').split(':').map(Number)
    return h * 3600 + m * 60 + s
  }
  const before = await seconds()
  await page.locator('[data-test="clock-step"]').click()
  await expect.poll(seconds).toBe((before + 10) % 86400)
  await app.screenshot('clock-paused')
  await toggle.click()
  await expect(app.clockTime).not.toContainText('paused')
})

test('scaling a Deployment from the inspector changes its pod count on the canvas', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.loadExample('guestbook-redis-master')
  await dialog.apply()
  await expect(inspector.name).toHaveText('redis-master')
  const redisPods = async (): Promise<number> => (await app.topologyNodes()).filter((id) => id.startsWith('pod/default/redis-master-')).length
  // The Deployment and ReplicaSet controllers create the pod; without them the Deployment would stand alone.
  await expect.poll(redisPods, { timeout: 30_000 }).toBe(1)
  await page.locator('[data-test="scale-replicas"]').fill('3')
  await page.locator('[data-test="scale-apply"]').click()
  await expect(page.locator('[data-test="toast"]').last()).toContainText('scaled to 3')
  await expect.poll(redisPods, { timeout: 30_000 }).toBe(3)
  await expect(inspector.field('replicas')).toContainText('3 desired')
  await app.screenshot('scaled-deployment')

  await page.locator('[data-test="toggle-theme"]').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await app.screenshot('scaled-deployment-light')
  await page.locator('[data-test="toggle-theme"]').click()
})

test('when serve mode stops, the app says the connection is lost', async ({ page }) => {
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  await served().stop()
  await expect(page.locator('[data-test="disconnected"]')).toContainText('Lost the connection to the cluster')
  await app.screenshot('disconnected')
})
