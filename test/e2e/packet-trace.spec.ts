import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'
import { applyGuestbook, runningPods } from './pages/guestbook'

const served = serveForFile()

test('a packet trace from a Guestbook frontend pod to redis-master shows the DNS, DNAT and VXLAN hops', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await applyGuestbook(app, dialog)
  const [master] = await runningPods(app, 'redis-master')
  // A frontend on another node: the packet must cross the overlay.
  const frontend = (await runningPods(app, 'frontend')).find((f) => f.node !== master.node)
  expect(frontend).toBeDefined()
  const name = frontend!.name

  await app.selectFromSidebar('pods', name)
  await expect(inspector.name).toHaveText(name)
  await page.locator('[data-test="inspector-tab-trace"]').click()
  await page.locator('[data-test="trace-destination"]').fill('redis-master')
  await page.locator('[data-test="trace-port"]').fill('6379')
  await page.locator('[data-test="trace-run"]').click()
  await expect(page.locator('[data-test="trace-verdict"]')).toContainText('Delivered')
  const hops = page.locator('[data-test="trace-hop"]')
  await expect(hops.filter({ hasText: /^\s*resolve/i }).first()).toContainText('redis-master')
  // kube-proxy's rules rewrite the ClusterIP to the redis-master pod: the chain walked is shown.
  await expect(hops.filter({ hasText: /^\s*dnat/i }).first()).toContainText('default/redis-master cluster IP')
  await expect(hops.filter({ hasText: /^\s*dnat/i }).first()).toContainText('-j DNAT --to-destination')
  // Across nodes: VXLAN, on the Node network outside.
  await expect(hops.filter({ hasText: /^\s*encapsulate/i }).first()).toBeVisible()
  await app.screenshot('packet-trace')

  // A port nothing listens on is dropped, with the reason.
  await page.locator('[data-test="trace-port"]').fill('6380')
  await page.locator('[data-test="trace-run"]').click()
  await expect(page.locator('[data-test="trace-verdict"]')).toContainText('Dropped')
})
