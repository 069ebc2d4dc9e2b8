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

test('RBAC roles and bindings, autoscalers and quotas are listed; the inspector shows rules, subjects, targets and usage', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await dialog.open()
  await dialog.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
spec:
  hard:
    pods: "10"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  replicas: 1
  selector: { matchLabels: { run: php-apache } }
  template:
    metadata: { labels: { run: php-apache } }
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        resources: { requests: { cpu: 200m } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: php-apache }
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
`)
  await expect(dialog.root).toBeHidden()
  await app.namespace('default').click()
  await expect(app.kindCount('roles.rbac.authorization.k8s.io')).toHaveText('1')
  await expect(app.kindCount('horizontalpodautoscalers.autoscaling')).toHaveText('1')

  await app.selectFromSidebar('roles.rbac.authorization.k8s.io', 'pod-reader')
  await expect(inspector.name).toHaveText('pod-reader')
  await expect(page.locator('[data-test="inspector"]')).toContainText('pods, pods/log')
  await expect(page.locator('[data-test="inspector"]')).toContainText('[get list]')

  await app.selectFromSidebar('rolebindings.rbac.authorization.k8s.io', 'read-pods')
  await expect(page.locator('[data-test="field-role"]')).toHaveText('Role/pod-reader')
  await expect(page.locator('[data-test="field-user"]')).toHaveText('jane')

  await app.selectFromSidebar('resourcequotas', 'compute')
  await expect(page.locator('[data-test="field-pods"]')).toHaveText(/^\d+ used of 10$/)

  await app.selectFromSidebar('horizontalpodautoscalers.autoscaling', 'php-apache')
  await expect(page.locator('[data-test="field-reference"]')).toHaveText('Deployment/php-apache')
  await expect(page.locator('[data-test="field-max-replicas"]')).toHaveText('10')
  await app.screenshot('access-kinds-hpa')
})
