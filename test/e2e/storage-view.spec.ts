import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog } from './pages/app-page'

const served = serveForFile()

test('the Storage view: the StorageClass, the volume provisioned for a claim, the claim Bound, and the pod mounting it', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  await app.open(served().parts.ui)
  await app.ready()
  await app.switchView('storage')
  await expect.poll(() => app.topologyNodes()).toContain('sc/standard')

  await dialog.open()
  await dialog.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`)
  await expect(dialog.root).toBeHidden()
  // kind's standard class binds on first consumer: the pod is scheduled, the provisioner makes the volume, the claim binds.
  await expect.poll(async () => (await app.topologyData('pvc/default/data'))?.status, { timeout: 30_000 }).toBe('Bound')
  const ids = await app.topologyNodes()
  const pv = ids.find((id) => id.startsWith('pv/'))
  expect(pv).toBeDefined()
  expect(ids).toContain('pod/default/writer')
  const edges = await app.topologyEdges()
  expect(edges).toEqual(expect.arrayContaining(['bind/default/data', 'mount/default/writer/data', `class/${pv!.slice(3)}`]))
  expect((await app.topologyData(pv!))?.status).toBe('Bound')
  await app.screenshot('storage-view')
  await app.switchView('cluster')
})
