import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

const served = serveForFile()

test("kube-proxy's rules: a node's iptables-save text, and a Service's own chains highlighted", async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.loadExample('guestbook-redis-master')
  await dialog.apply()
  await expect(dialog.root).toBeHidden()
  await expect.poll(async () => (await app.topologyNodes()).filter((id) => id.startsWith('pod/default/redis-master-')).length, { timeout: 30_000 }).toBe(1)

  await app.selectFromSidebar('nodes', 'kubelab-worker')
  await page.locator('[data-test="inspector-tab-rules"]').click()
  const text = page.locator('[data-test="proxy-rules-text"]')
  await expect(text).toContainText('*nat')
  await expect(text).toContainText(':KUBE-SERVICES - [0:0]')
  await expect(text).toContainText('COMMIT')

  await app.selectFromSidebar('services', 'redis-master')
  await expect(inspector.name).toHaveText('redis-master')
  await page.locator('[data-test="inspector-tab-rules"]').click()
  await expect(page.locator('[data-test="proxy-rules-chains"]')).toContainText(/KUBE-SVC-[A-Z0-9]{16}/)
  // Once the pod is ready its endpoint chain is there too.
  await expect(page.locator('[data-test="proxy-rules-chains"]')).toContainText(/KUBE-SEP-[A-Z0-9]{16}/, { timeout: 30_000 })
  const highlighted = text.locator('.hit')
  await expect(highlighted.first()).toBeVisible()
  expect(await highlighted.count()).toBeGreaterThan(3)
  await expect(text.locator('.hit', { hasText: 'default/redis-master cluster IP' }).first()).toBeVisible()
  await page.locator('[data-test="proxy-rules-only"]').check()
  expect(await text.locator('span:not(.hit)').count()).toBe(0)
  expect(await text.locator('.hit').count()).toBeGreaterThan(3)
  await app.screenshot('proxy-rules-service')
})
