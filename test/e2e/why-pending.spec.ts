import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

const served = serveForFile()

test('an unschedulable pod says, per node, which filter rejected it and why: in the inspector and on each node box', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await expect(page.locator('[data-test="nodes-ready"]')).toContainText('4/4 ready')
  await dialog.open()
  await dialog.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: "64"\n')
  await expect(dialog.root).toBeHidden()
  await expect(inspector.name).toHaveText('huge')

  const why = page.locator('[data-test="why-pending"]')
  await expect(why).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('[data-test="why-pending-message"]')).toContainText('0/4 nodes are available')
  await expect(page.locator('[data-test="why-node-kubelab-worker"]')).toContainText('NodeResourcesFit')
  await expect(page.locator('[data-test="why-node-kubelab-worker"]')).toContainText('Insufficient cpu')
  await expect(page.locator('[data-test="why-node-kubelab-control-plane"]')).toContainText('TaintToleration')

  // On the canvas: each node box carries its verdict while the pod is selected.
  await expect.poll(async () => (await app.topologyData('node/kubelab-worker2'))?.why).toBe('✗ NodeResourcesFit: Insufficient cpu')
  await expect.poll(async () => String((await app.topologyData('node/kubelab-control-plane'))?.why)).toContain('✗ TaintToleration')
  await app.screenshot('why-pending')

  // Selecting something else clears the marks.
  await page.locator('[data-test="inspector"] .close').click()
  await expect.poll(async () => (await app.topologyData('node/kubelab-worker2'))?.why).toBeUndefined()
})
