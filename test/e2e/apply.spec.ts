import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

const served = serveForFile()

test('applying the Guestbook redis-master example shows the Deployment and Service in the sidebar, on the canvas and in the inspector', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  // The cluster has objects of its own (CoreDNS, the kubernetes Service): count relative to them.
  const deploymentsBefore = Number(await app.kindCount('deployments.apps').textContent())
  const servicesBefore = Number(await app.kindCount('services').textContent())
  await dialog.open()
  await dialog.loadExample('guestbook-redis-master')
  await expect(dialog.editor).toContainText('name: redis-master')
  await page.screenshot({ path: 'test-results/apply-dialog.png' })
  await dialog.apply()
  await expect(dialog.root).toBeHidden()
  await expect(page.locator('[data-test="toast"]')).toContainText('deployment.apps/redis-master created')

  await expect(app.kindCount('deployments.apps')).toHaveText(String(deploymentsBefore + 1))
  await expect(app.kindCount('services')).toHaveText(String(servicesBefore + 1))
  await expect.poll(() => app.topologyNodes()).toEqual(expect.arrayContaining(['deploy/default/redis-master', 'svc/default/redis-master']))
  // The first applied object is selected: the inspector describes it.
  await expect(inspector.kind).toHaveText('Deployment')
  await expect(inspector.name).toHaveText('redis-master')
  await expect(inspector.field('selector')).toHaveText('app=redis,role=master,tier=backend')
  await expect(await inspector.showYaml()).toContainText('image: registry.k8s.io/redis:e2e')
  await app.screenshot('apply-guestbook')
})

test('applying a Pod makes it appear in its namespace count, on the canvas, and selectable', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  const before = Number(await app.namespaceCount('default').textContent())
  const allBefore = Number(await app.kindCount('pods').textContent())
  await dialog.open()
  await dialog.loadExample('nginx-pod')
  await dialog.apply()
  await expect(dialog.root).toBeHidden()
  await expect(app.namespaceCount('default')).toHaveText(String(before + 1))
  await expect(app.kindCount('pods')).toHaveText(String(allBefore + 1))
  await expect.poll(() => app.topologyNodes()).toContain('pod/default/nginx')
  // A pod the scheduler has not placed yet sits in the Unscheduled box; once nodes run pods it sits in its node's box.
  const ids = await app.topologyNodes()
  expect(ids.some((id) => id === 'box/unscheduled' || id.startsWith('node/'))).toBe(true)
  await expect(inspector.kind).toHaveText('Pod')
  await expect(inspector.field('status')).toBeVisible()
  await expect(app.emptyState).toBeHidden()
  await app.screenshot('apply-pod')

  // The Networks view draws the same pod on the Pod network.
  await app.switchView('networks')
  await expect.poll(() => app.topologyNodes()).toEqual(expect.arrayContaining(['layer/node', 'layer/pod', 'layer/cluster-ip', 'pod/default/nginx', 'svc/default/kubernetes']))
  await app.screenshot('networks-view')
  await app.switchView('cluster')
})

test('a manifest the API refuses shows the API message at the top of the dialog', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: app\n')
  await expect(dialog.error).toContainText('Pod "bad" is invalid: spec.containers[0].image: Required value')
  await expect(dialog.root).toBeVisible()
  await app.screenshot('apply-error')
  expect(await app.topologyNodes()).not.toContain('pod/default/bad')

  // YAML that does not parse is reported by document, and nothing is sent for it.
  await dialog.apply('apiVersion: v1\nkind: [Pod\n')
  await expect(dialog.error).toContainText('error parsing YAML (document 1)')
})

test('a knob Kubelab cannot read is applied with the API\'s warning, shown beside what was created', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: slow\n  annotations:\n    sim.kubelab.dev/startup-delay: 5s\nspec:\n  containers:\n  - name: app\n    image: nginx\n')
  await expect(dialog.root).toBeHidden()
  const toast = page.locator('[data-test="toast"]')
  await expect(toast).toContainText('pod/slow created')
  await expect(toast).toContainText('Warning: metadata.annotations[sim.kubelab.dev/startup-delay]: Kubelab ignores "5s": not a non-negative number of seconds (such as 5 or 0.5)')
  await app.screenshot('apply-warning')
})

test('deleting from the inspector removes the object from the canvas', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: doomed\nspec:\n  containers:\n  - name: app\n    image: busybox\n')
  await expect.poll(() => app.topologyNodes()).toContain('pod/default/doomed')
  await page.locator('[data-test="delete"]').click()
  await page.locator('[data-test="delete-confirm"]').click()
  // A pod on a node goes through graceful termination; the instant clock runs it out.
  await expect.poll(() => app.topologyNodes(), { timeout: 30_000 }).not.toContain('pod/default/doomed')
  await expect(page.locator('[data-test="inspector"]')).toContainText('no longer exists')
})

test('the canvas is interactive: hovering a pod shows its tooltip, clicking it selects it', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: hover-me\n  labels: { app: demo }\nspec:\n  containers:\n  - name: app\n    image: busybox\n')
  await expect.poll(() => app.topologyNodes()).toContain('pod/default/hover-me')
  await page.locator('[data-test="inspector"] .close').click()
  await app.hover('pod/default/hover-me')
  await expect(page.locator('[data-test="topology-tooltip"]')).toContainText('hover-me')
  await app.screenshot('topology-tooltip')
  await app.clickOnCanvas('pod/default/hover-me')
  await expect(inspector.name).toHaveText('hover-me')
  await expect(inspector.field('labels')).toContainText('app=demo')
  await app.screenshot('topology-selected')
})
