import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { persistentVolumeBinderComponent } from '../../../main/cluster/controllers/persistentvolume'
import { localPathProvisionerComponent } from '../../../main/cluster/controllers/volume-provisioner'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from '../../kubectl/support/kubectl'
import { waitFor } from '../../support/wait'

const manifests = `
apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv
spec:
  storageClassName: manual
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /mnt/data
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pvc
  namespace: default
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 500Mi
`

/** Real kubectl 1.32 reading what the binder wrote. */
describe.skipIf(!hasKubectl)('kubectl get pv,pvc', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [persistentVolumeBinderComponent, localPathProvisionerComponent] })
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('shows the pair Bound, the volume claimed by default/<claim>', async () => {
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.stderr).toBe('')
    expect(applied.code).toBe(0)
    const out = await waitFor(async () => {
      const r = await k.run(['get', 'pv,pvc', '--no-headers'])
      return (r.stdout.match(/\bBound\b/g) ?? []).length === 2 ? r.stdout : undefined
    }, 'pv and pvc Bound', 30_000)
    expect(out).toMatch(/^persistentvolume\/task-pv\s+1Gi\s+RWO\s+Retain\s+Bound\s+default\/task-pvc\s+manual\s/m)
    expect(out).toMatch(/^persistentvolumeclaim\/task-pvc\s+Bound\s+task-pv\s+1Gi\s+RWO\s+manual\s/m)
  })

  it('lists the standard default class', async () => {
    const r = await k.run(['get', 'storageclass'])
    expect(r.stdout).toMatch(/^standard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s/m)
  })
})
