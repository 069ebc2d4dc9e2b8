import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'
import { applyGuestbook, runningPods } from './pages/guestbook'

// A running clock (10x): a traffic generator reports its rates every 5 s of cluster time.
const served = serveForFile(['--clock', '10'])

test('a traffic generator started from a Service draws live per-edge rates on the canvas, and stops', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  const t = (id: string) => page.locator(`[data-test="${id}"]`)
  await app.open(served().parts.ui)
  await app.ready()
  await applyGuestbook(app, dialog, 45_000)

  // The frontend Service is a NodePort: clients outside reach it through a node.
  await app.selectFromSidebar('services', 'frontend')
  await expect(inspector.name).toHaveText('frontend')
  await expect(t('traffic-source')).toHaveValue('external')
  await t('traffic-rate-input').fill('30')
  await t('traffic-start').click()
  await expect(t('traffic-generator')).toHaveCount(1)
  await expect(t('traffic-generator')).toContainText('frontend-from-outside')

  // Rates arrive with the generator's next status report: outside -> Service, Service -> each frontend pod.
  const edge = (from: string, to: string) => page.locator(`[data-test="traffic-edge"][data-from="${from}"][data-to="${to}"]`)
  await expect(edge('external', 'svc/default/frontend')).toBeVisible({ timeout: 30_000 })
  await expect(edge('external', 'svc/default/frontend').locator('[data-test="traffic-rate"]')).toHaveText(/^(2\d|3\d)(\.\d)? req\/s$/)
  await expect.poll(async () => page.locator('[data-test="traffic-edge"][data-from="svc/default/frontend"]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
  const rates = await page.locator('[data-test="traffic-edge"][data-from="svc/default/frontend"] [data-test="traffic-rate"]').allTextContents()
  for (const r of rates) expect(Number.parseFloat(r)).toBeGreaterThan(0)
  await expect(t('traffic-live-rate')).not.toHaveText('0 req/s')
  await expect(t('traffic-generator')).toContainText('delivered')

  // A pod calling redis-master by name: pod -> Service -> the redis-master pod.
  await app.selectFromSidebar('services', 'redis-master')
  await expect(inspector.name).toHaveText('redis-master')
  await expect(t('traffic-source')).toHaveValue(/^pod:frontend-/)
  const client = (await t('traffic-source').inputValue()).slice(4)
  await t('traffic-rate-input').fill('8')
  await t('traffic-start').click()
  const [{ id: master }] = await runningPods(app, 'redis-master')
  await expect(edge(`pod/default/${client}`, 'svc/default/redis-master')).toBeVisible({ timeout: 30_000 })
  await expect(edge('svc/default/redis-master', master).locator('[data-test="traffic-rate"]')).toHaveText(/^[1-9][\d.]* req\/s$/)
  await page.mouse.move(2, 2)
  await app.screenshot('traffic-cluster')
  await app.switchView('networks')
  await expect(edge('external', 'svc/default/frontend')).toBeVisible()
  await page.mouse.move(2, 2)
  await app.screenshot('traffic-networks')

  // Stopped: the generator goes, and its arrows with it.
  await t('traffic-stop').click()
  await expect(t('traffic-generator')).toHaveCount(0)
  await expect(edge('svc/default/redis-master', master)).toHaveCount(0)
  await expect(edge('external', 'svc/default/frontend')).toBeVisible()
})
