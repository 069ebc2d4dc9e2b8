import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog } from './pages/app-page'

const served = serveForFile()

test('applying the classic Guestbook makes its six objects, and its pods appear and turn Running on the canvas', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.loadExample('guestbook')
  await expect(dialog.editor).toContainText('kind: ReplicationController')
  await dialog.apply()
  await expect(dialog.root).toBeHidden()
  const toast = page.locator('[data-test="toast"]').last()
  for (const line of ['replicationcontroller/redis-master created', 'service/redis-slave created', 'service/frontend created']) await expect(toast).toContainText(line)

  const pods = async (prefix: string): Promise<string[]> => (await app.topologyNodes()).filter((id) => id.startsWith(`pod/default/${prefix}-`))
  const running = async (prefix: string): Promise<number> => {
    let n = 0
    for (const id of await pods(prefix)) if ((await app.topologyData(id))?.status === 'Running') n++
    return n
  }
  await expect.poll(() => running('frontend'), { timeout: 30_000 }).toBe(3)
  await expect.poll(() => running('redis-master'), { timeout: 30_000 }).toBe(1)
  await expect.poll(() => running('redis-slave'), { timeout: 30_000 }).toBe(2)
  expect(await app.topologyNodes()).toEqual(expect.arrayContaining(['rc/default/frontend', 'svc/default/frontend', 'svc/default/redis-master', 'svc/default/redis-slave']))
  await app.screenshot('apply-guestbook-running')
})

test('each field the API refuses is marked in the editor with its message', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.loadExample('broken-deployment')
  await dialog.apply()
  await expect(dialog.error).toContainText('Deployment.apps "broken" is invalid')
  await expect(dialog.errorLines).toHaveCount(2)
  await expect(dialog.fieldErrors.nth(0)).toContainText('spec.replicas: Invalid value: -1')
  await expect(dialog.fieldErrors.nth(1)).toContainText('containerPort: Invalid value: 99999')
  // The marked lines are the fields themselves.
  await expect(dialog.errorLines.nth(0)).toContainText('replicas: -1')
  await expect(dialog.errorLines.nth(1)).toContainText('containerPort: 99999')
  await page.screenshot({ path: 'test-results/apply-field-errors.png' })

  // A missing field is marked at the object that lacks it.
  await dialog.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: app\n')
  await expect(dialog.fieldErrors).toHaveCount(1)
  await expect(dialog.fieldErrors.first()).toContainText('spec.containers[0].image: Required value')
  await expect(dialog.errorLines.first()).toContainText('- name: app')

  // Editing clears nothing by itself, a fixed manifest applies and closes the dialog.
  await dialog.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: app\n    image: busybox\n')
  await expect(dialog.root).toBeHidden()
})

test('a long manifest applies in parts, with progress, and a failure among many is marked at its document', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  const docs = Array.from({ length: 23 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many-${i}\ndata:\n  n: "${i}"\n`)
  docs[17] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n'
  await dialog.setText(docs.join('---\n'))
  // Record whether the progress bar showed at any moment (it may be brief).
  await page.evaluate(() => {
    // This file compiles as node code: the page's globals are declared by hand.
    const g = globalThis as unknown as {
      __sawProgress: string[]
      document: { body: unknown; querySelector(s: string): { textContent: string | null } | null }
      MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void }
    }
    g.__sawProgress = []
    new g.MutationObserver(() => {
      const el = g.document.querySelector('[data-test="apply-progress"]')
      if (el) g.__sawProgress.push(el.textContent ?? '')
    }).observe(g.document.body, { subtree: true, childList: true, characterData: true })
  })
  await dialog.apply()
  await expect(dialog.error).toContainText('The API server refused it')
  await expect(dialog.error).toContainText('ConfigMap "Not_Valid" is invalid: metadata.name')
  await expect(dialog.root.locator('[data-test="apply-results"] li')).toHaveCount(23)
  await expect(dialog.root.locator('[data-test="apply-results"] li.failed')).toContainText('document 18 (ConfigMap Not_Valid)')
  await expect(dialog.fieldErrors.first()).toContainText('metadata.name: Invalid value: "Not_Valid"')
  await expect(dialog.errorLines.first()).toContainText('name: Not_Valid')
  const seen = await page.evaluate(() => (globalThis as unknown as { __sawProgress: string[] }).__sawProgress)
  expect(seen.some((t) => /Applying \d+ of 23 documents/.test(t))).toBe(true)
  await page.screenshot({ path: 'test-results/apply-many-with-error.png' })
})
