import { test, expect, type Page } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

const served = serveForFile()

const rc = (name: string, replicas: number): string => `apiVersion: v1
kind: ReplicationController
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
      - name: app
        image: nginx:1.27
`

async function start(page: Page): Promise<{ app: AppPage; inspector: Inspector; dialog: ApplyDialog }> {
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  await expect(page.locator('[data-test="nodes-ready"]')).toContainText(/(\d+)\/\1 ready/)
  return { app, inspector: new Inspector(page), dialog: new ApplyDialog(page) }
}

/** Names of the pods of an RC on one node, as the canvas draws them. */
async function podsOn(app: AppPage, prefix: string, node: string): Promise<string[]> {
  const out: string[] = []
  for (const id of (await app.topologyNodes()).filter((i) => i.startsWith(`pod/default/${prefix}-`))) {
    const d = await app.topologyData(id)
    if (d?.node === node && d.status === 'Running') out.push(id)
  }
  return out
}

test('powering off a node turns it NotReady and, once the tolerations run out, its pods move; power on brings it back', async ({ page }) => {
  const { app, inspector, dialog } = await start(page)
  await dialog.open()
  await dialog.apply(rc('web', 6))
  await expect(dialog.root).toBeHidden()
  await expect.poll(async () => (await podsOn(app, 'web', 'kubelab-worker2')).length, { timeout: 30_000 }).toBeGreaterThan(0)

  await app.selectFromSidebar('nodes', 'kubelab-worker2')
  await expect(inspector.name).toHaveText('kubelab-worker2')
  // The node's events: the kubelet's (which name the node by name, as uid) and the node controller's (its real uid).
  const summary = inspector.root.locator('[data-test="inspector-summary"]')
  await expect(summary).toContainText('Starting kubelet.')
  await expect(summary).toContainText('Registered Node kubelab-worker2 in Controller')
  await page.locator('[data-test="node-power-off"]').click()
  await expect(app.toast).toContainText('node/kubelab-worker2 powered off')
  await expect(page.locator('[data-test="node-power-on"]')).toBeVisible()
  // The node lifecycle controller's 40 s grace period, then the pods' 300 s tolerations.
  await app.stepMinutes(1)
  await expect.poll(async () => (await app.topologyData('node/kubelab-worker2'))?.ready, { timeout: 30_000 }).toBe('Unknown')
  await app.screenshot('node-powered-off')
  await app.stepMinutes(6)
  await expect.poll(async () => (await podsOn(app, 'web', 'kubelab-worker2')).length, { timeout: 30_000 }).toBe(0)
  const running = async (): Promise<number> => {
    let n = 0
    for (const node of ['kubelab-worker', 'kubelab-worker3']) n += (await podsOn(app, 'web', node)).length
    return n
  }
  await expect.poll(running, { timeout: 30_000 }).toBe(6)
  await app.screenshot('node-powered-off-pods-moved')

  await page.locator('[data-test="node-power-on"]').click()
  await expect(app.toast).toContainText('node/kubelab-worker2 powered on')
  await expect.poll(async () => (await app.topologyData('node/kubelab-worker2'))?.ready, { timeout: 30_000 }).toBe('True')
})

test('cordon, uncordon and drain a node from the inspector', async ({ page }) => {
  const { app, inspector, dialog } = await start(page)
  await dialog.open()
  await dialog.apply(rc('drainme', 6))
  await expect(dialog.root).toBeHidden()
  await expect.poll(async () => (await podsOn(app, 'drainme', 'kubelab-worker3')).length, { timeout: 30_000 }).toBeGreaterThan(0)

  await app.selectFromSidebar('nodes', 'kubelab-worker3')
  await page.locator('[data-test="node-cordon"]').click()
  await expect(app.toast).toContainText('node/kubelab-worker3 cordoned')
  await expect(await inspector.showYaml()).toContainText('unschedulable: true')
  await page.locator('[data-test="inspector-tab-summary"]').click()
  await page.locator('[data-test="node-uncordon"]').click()
  await expect(app.toast).toContainText('node/kubelab-worker3 uncordoned')
  await expect(await inspector.showYaml()).not.toContainText('unschedulable')
  await page.locator('[data-test="inspector-tab-summary"]').click()

  await page.locator('[data-test="node-drain"]').click()
  await page.locator('[data-test="node-drain-confirm"]').click()
  await expect(app.toast).toContainText('node/kubelab-worker3 drained')
  await expect(app.toast).toContainText(/ignoring kube-system\/kube-proxy-\S+: DaemonSet-managed/)
  await expect(app.toast).toContainText(/pod\/drainme-\S+ evicted/)
  await app.screenshot('node-drained')
  await expect.poll(async () => (await podsOn(app, 'drainme', 'kubelab-worker3')).length, { timeout: 30_000 }).toBe(0)
  await expect(page.locator('[data-test="node-uncordon"]')).toBeVisible()
  await page.locator('[data-test="node-uncordon"]').click()
})

test('add a node, label it, change and remove the label; a bad key gets the API message', async ({ page }) => {
  const { app, inspector } = await start(page)
  await page.locator('[data-test="add-node"]').click()
  await expect(app.toast).toContainText('node/kubelab-worker4 created')
  await expect.poll(async () => (await app.topologyData('node/kubelab-worker4'))?.ready, { timeout: 30_000 }).toBe('True')

  await app.selectFromSidebar('nodes', 'kubelab-worker4')
  await expect(inspector.name).toHaveText('kubelab-worker4')
  await page.locator('[data-test="inspector-tab-labels"]').click()
  const labels = page.locator('[data-test="edit-labels"]')
  await labels.locator('[data-test="labels-new-key"]').fill('disk')
  await labels.locator('[data-test="labels-new-value"]').fill('ssd')
  await labels.locator('[data-test="labels-add"]').click()
  const entry = labels.locator('[data-test="labels-entry"]', { hasText: 'disk' })
  await expect(entry).toContainText('ssd')
  await entry.locator('[data-test="labels-edit"]').click()
  await entry.locator('[data-test="labels-edit-value"]').fill('hdd')
  await entry.locator('[data-test="labels-edit-value"]').press('Enter')
  await expect(entry).toContainText('hdd')
  await app.screenshot('node-labels')
  await entry.locator('[data-test="labels-remove"]').click()
  await expect(labels.locator('[data-test="labels-entry"]', { hasText: 'disk' })).toHaveCount(0)

  await labels.locator('[data-test="labels-new-key"]').fill('bad key!')
  await labels.locator('[data-test="labels-add"]').click()
  await expect(labels.locator('[data-test="labels-error"]')).toContainText('Node "kubelab-worker4" is invalid: metadata.labels: Invalid value: "bad key!"')

  // Annotations work the same way.
  const annotations = page.locator('[data-test="edit-annotations"]')
  await annotations.locator('[data-test="annotations-new-key"]').fill('example.com/owner')
  await annotations.locator('[data-test="annotations-new-value"]').fill('team-a')
  await annotations.locator('[data-test="annotations-add"]').click()
  await expect(annotations.locator('[data-test="annotations-entry"]', { hasText: 'example.com/owner' })).toContainText('team-a')

  // Remove the node: its box leaves the canvas.
  await page.locator('[data-test="inspector-tab-summary"]').click()
  await page.locator('[data-test="delete"]').click()
  await page.locator('[data-test="delete-confirm"]').click()
  await expect.poll(() => app.topologyNodes(), { timeout: 30_000 }).not.toContain('node/kubelab-worker4')
})
