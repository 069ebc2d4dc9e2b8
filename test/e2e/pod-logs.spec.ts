import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

// A realtime clock: the log's lines arrive while the test follows it.
const served = serveForFile(['--clock', '1'])

test('the Logs tab follows a container: the log so far, then each new line as it is written', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply(`apiVersion: v1
kind: Pod
metadata:
  name: talker
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo hello from talker; sleep 4; echo goodbye from talker"]
  - name: web
    image: nginx:1.27
`)
  await expect(dialog.root).toBeHidden()
  await expect(inspector.name).toHaveText('talker')
  await expect.poll(async () => (await app.topologyData('pod/default/talker'))?.status, { timeout: 30_000 }).toBe('Running')

  await page.locator('[data-test="inspector-tab-logs"]').click()
  const text = page.locator('[data-test="logs-text"]')
  await page.locator('[data-test="logs-container"]').selectOption('app')
  await expect(text).toContainText('hello from talker', { timeout: 20_000 })
  await expect(page.locator('[data-test="logs-state"]')).toContainText('Following')
  // Written after the follow began: it arrives as a pushed event.
  await expect(text).toContainText('goodbye from talker', { timeout: 20_000 })
  await app.screenshot('pod-logs-follow')

  // The other container's log: nginx's entrypoint, as the image prints it.
  await page.locator('[data-test="logs-container"]').selectOption('web')
  await expect(text).toContainText('/docker-entrypoint.sh')

  // No previous instance: the API's message, as kubectl shows it.
  await page.locator('[data-test="logs-previous"]').check()
  await expect(page.locator('[data-test="logs-error"]')).toContainText('previous terminated container "web" in pod "talker" not found')
})
