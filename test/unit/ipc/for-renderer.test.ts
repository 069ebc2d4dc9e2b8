/**
 * What the renderer's lists and deltas carry of an object: no managedFields,
 * and of a Pod the parts of its spec the views draw (where it runs, its
 * containers' names, images and ports, the claims it mounts); its metadata
 * and status as they are. Other kinds go whole.
 */
import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { forRenderer, podForLists } from '../../../main/ipc/for-renderer'

const stored: Pod & { metadata: NonNullable<Pod['metadata']> } = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: { app: 'web' }, managedFields: [{ manager: 'kubectl' }] },
  spec: {
    nodeName: 'kubelab-worker',
    hostNetwork: true,
    containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    initContainers: [{ name: 'init', image: 'busybox' }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default'
  },
  status: { phase: 'Running', podIP: '10.244.1.5', containerStatuses: [{ name: 'web', image: 'nginx:1.27', imageID: '', ready: true, restartCount: 0 }] }
}

describe('forRenderer', () => {
  it('trims a pod to what the views draw, keeping metadata (but managedFields) and status', () => {
    const sent = forRenderer(stored)
    expect(sent.spec).toEqual({
      nodeName: 'kubelab-worker',
      hostNetwork: true,
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
      initContainers: [{ name: 'init', image: 'busybox' }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]
    })
    expect(sent.status).toBe(stored.status)
    const { managedFields: _m, ...metadata } = stored.metadata
    expect(sent.metadata).toEqual(metadata)
    expect(stored.spec!.tolerations).toHaveLength(1)
  })

  it('leaves out what a pod does not have', () => {
    expect(podForLists({ ...stored, spec: { containers: [{ name: 'c', image: 'busybox' }] } }).spec).toEqual({ containers: [{ name: 'c', image: 'busybox' }] })
  })

  it('sends other kinds whole, without managedFields', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', managedFields: [{}] }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }
    expect(forRenderer(svc)).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: svc.spec })
  })
})
