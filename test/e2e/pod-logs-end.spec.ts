import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

// A running clock (10x): the containers run, stop and restart while the test follows their logs.
const served = serveForFile(['--clock', '10'])

test('following a log says when the container stopped, and when it restarted goes on with the new instance', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  const t = (id: string) => page.locator(`[data-test="${id}"]`)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply(`apiVersion: v1
kind: Pod
metadata:
  name: flaky
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting up; sleep 5; echo giving up; exit 3"]
`)
  await expect(dialog.root).toBeHidden()
  await expect(inspector.name).toHaveText('flaky')
  await expect.poll(async () => (await app.topologyData('pod/default/flaky'))?.status, { timeout: 30_000 }).toBe('Running')
  await t('inspector-tab-logs').click()
  const text = t('logs-text')
  await expect(text).toContainText('starting up', { timeout: 20_000 })
  await expect(t('logs-state')).toContainText('Following')

  // The instance exits: the follow ends, and the view says so (with the kubelet's reason and exit code once reported).
  await expect(t('logs-mark').first()).toHaveText(/container "app" stopped/, { timeout: 30_000 })
  await expect(text).toContainText('giving up')
  // The kubelet starts it again (after its back-off): marked, and the new instance's log follows the old one's.
  await expect(t('logs-mark').nth(1)).toHaveText(/container "app" restarted \(restart 1\)/, { timeout: 60_000 })
  await expect(t('logs-state')).toContainText('restarted')
  await expect.poll(async () => ((await text.textContent()) ?? '').split('starting up').length - 1, { timeout: 30_000 }).toBe(2)
  const all = (await text.textContent()) ?? ''
  expect(all.indexOf('giving up')).toBeLessThan(all.indexOf('stopped'))
  expect(all.indexOf('restarted')).toBeLessThan(all.lastIndexOf('starting up'))
  await app.screenshot('pod-logs-restarted')

  // A container that stops for good: the mark, and why it stopped.
  await dialog.open()
  await dialog.apply(`apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  containers:
  - name: job
    image: busybox:1.36
    command: ["sh", "-c", "echo done here"]
`)
  await expect(dialog.root).toBeHidden()
  await expect(inspector.name).toHaveText('once')
  // The Logs tab is still open: before the container starts it shows the API's "waiting to start", then the log once it has run.
  await expect(t('logs-container')).toHaveValue('job')
  await expect(text).toContainText('done here', { timeout: 30_000 })
  await expect(t('logs-mark')).toHaveText(/container "job" stopped/)
  await expect(t('logs-state')).toContainText('The container stopped (Completed, exit code 0)', { timeout: 30_000 })
})
