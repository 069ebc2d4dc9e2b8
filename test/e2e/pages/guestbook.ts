import { expect } from '@playwright/test'
import type { AppPage, ApplyDialog } from './app-page'

/** A pod drawn on the canvas as Running, and the node it runs on. */
export interface RunningPod {
  id: string
  name: string
  node: string
}

/** Applies the built-in Guestbook example and waits until its frontend and redis-master pods run on the canvas. */
export async function applyGuestbook(app: AppPage, dialog: ApplyDialog, timeout = 30_000): Promise<void> {
  await dialog.open()
  await dialog.loadExample('guestbook')
  await dialog.apply()
  await expect(dialog.root).toBeHidden()
  await expect.poll(async () => (await runningPods(app, 'redis-master')).length, { timeout }).toBe(1)
  await expect.poll(async () => (await runningPods(app, 'frontend')).length, { timeout }).toBe(3)
}

/** The default namespace's pods named `<prefix>-…` that the canvas draws as Running. */
export async function runningPods(app: AppPage, prefix: string): Promise<RunningPod[]> {
  const out: RunningPod[] = []
  for (const id of (await app.topologyNodes()).filter((i) => i.startsWith(`pod/default/${prefix}-`))) {
    const d = await app.topologyData(id)
    if (d?.status === 'Running' && typeof d.node === 'string') out.push({ id, name: id.split('/')[2], node: d.node })
  }
  return out
}
