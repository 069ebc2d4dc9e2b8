import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'

const served = serveForFile()

test('ConfigMaps, Secrets and Jobs are listed in the sidebar; the inspector shows their keys and counts, not secret values', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: game-config
data:
  lives: "3"
  level: easy
---
apiVersion: v1
kind: Secret
metadata:
  name: game-creds
stringData:
  password: s3cret
---
apiVersion: batch/v1
kind: Job
metadata:
  name: shard
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.36
        command: ["sh", "-c", "echo shard $JOB_COMPLETION_INDEX"]
`)
  await expect(dialog.root).toBeHidden()
  await app.namespace('default').click()
  await expect(app.kindCount('configmaps')).toHaveText('2') // with kube-root-ca.crt
  await expect(app.kindCount('secrets')).toHaveText('1')
  await expect(app.kindCount('jobs.batch')).toHaveText('1')

  await app.selectFromSidebar('configmaps', 'game-config')
  await expect(inspector.name).toHaveText('game-config')
  await expect(page.locator('[data-test="field-data"]')).toContainText('lives')
  await expect(page.locator('[data-test="field-data"]')).toContainText('level')

  await app.selectFromSidebar('secrets', 'game-creds')
  await expect(inspector.name).toHaveText('game-creds')
  await expect(page.locator('[data-test="field-data"]')).toHaveText('password: 6 bytes')
  await expect(page.locator('[data-test="field-type"]')).toHaveText('Opaque')

  await app.selectFromSidebar('jobs.batch', 'shard')
  await expect(page.locator('[data-test="field-completions"]')).toHaveText('3/3', { timeout: 30_000 })
  await expect(page.locator('[data-test="field-completed-indexes"]')).toHaveText('0-2')
  await app.screenshot('config-kinds-job')
})
