import type { KubeObject } from '../../main/cluster/apimachinery/types'

/**
 * Pod-sized objects for the storage benchmark: a realistic Deployment pod
 * (labels, owner reference, two containers with env, resources, a probe and
 * a mount, a volume, a toleration, status with conditions and container states), about 1.9 KB of JSON.
 * Field names carry no '.', so raw NeDB (which refuses such names) can store
 * the same objects as plain documents for the baselines.
 */

export const NAMESPACES = 10

/** Namespace of the i-th pod: pods are spread evenly over NAMESPACES namespaces. */
export function podNamespace(i: number): string {
  return `ns-${i % NAMESPACES}`
}

/** Name of the i-th pod: pod-<4-digit index within its namespace>[-<more>]. */
export function podName(i: number): string {
  const j = Math.floor(i / NAMESPACES)
  return `pod-${String(j % 10_000).padStart(4, '0')}${j >= 10_000 ? `-${Math.floor(j / 10_000)}` : ''}`
}

export function podKey(i: number): string {
  return `/registry/pods/${podNamespace(i)}/${podName(i)}`
}

function hex(n: number, len: number): string {
  let s = ''
  let x = n >>> 0 || 1
  while (s.length < len) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0
    s += x.toString(16).padStart(8, '0')
  }
  return s.slice(0, len)
}

export function makePod(i: number, generation = 0): KubeObject {
  const namespace = podNamespace(i)
  const name = podName(i)
  const app = `app-${i % 97}`
  const hash = hex(i % 97, 10)
  const ip = `10.244.${(i >> 8) & 255}.${i & 255}`
  const node = `node-${i % 50}`
  const time = '2026-03-01T10:12:21Z'
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `${hex(i, 8)}-${hex(i + 1, 4)}-${hex(i + 2, 4)}-${hex(i + 3, 4)}-${hex(i + 4, 12)}`,
      creationTimestamp: time,
      labels: { app, tier: i % 3 === 0 ? 'frontend' : 'backend', 'pod-template-hash': hash, version: `v${generation}` },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: `${hex(i % 97, 8)}-0000-4000-8000-${hex(i % 97, 12)}`, controller: true, blockOwnerDeletion: true }
      ]
    },
    spec: {
      containers: [
        {
          name: 'main',
          image: `registry.example.com/team/${app}:1.${generation}.0`,
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          env: [
            { name: 'APP_NAME', value: app },
            { name: 'LOG_LEVEL', value: 'info' }
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
          volumeMounts: [
            { name: 'config', mountPath: '/etc/app' }
          ],
          imagePullPolicy: 'IfNotPresent'
        },
        { name: 'sidecar', image: 'registry.example.com/infra/log-shipper:2.3.1', resources: { requests: { cpu: '10m', memory: '32Mi' } } }
      ],
      volumes: [{ name: 'config', configMap: { name: `${app}-config` } }],
      nodeName: node,
      serviceAccountName: 'default',
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: time },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: time }
      ],
      hostIP: `172.18.0.${(i % 50) + 2}`,
      podIP: ip,
      startTime: time,
      containerStatuses: [
        { name: 'main', ready: true, restartCount: generation % 3, containerID: `containerd://${hex(i, 16)}`, state: { running: { startedAt: time } } },
        { name: 'sidecar', ready: true, restartCount: 0, containerID: `containerd://${hex(i + 7, 16)}`, state: { running: { startedAt: time } } }
      ],
      qosClass: 'Burstable'
    }
  }
}
