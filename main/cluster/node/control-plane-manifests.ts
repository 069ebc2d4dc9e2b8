import type { Container, Pod, Volume } from 'kubernetes-types/core/v1'
import { stringify } from 'yaml'
import type { ClusterConfig } from '../config/cluster-config'
import { kubeletVersion } from './kubelet/node-info'

/**
 * The static pod manifests `kubeadm init` writes on a kind control-plane node
 * (/etc/kubernetes/manifests): etcd, kube-apiserver, kube-controller-manager
 * and kube-scheduler, with kubeadm's labels, probes, host paths and flags.
 * They describe the control plane the user is learning about; the simulation
 * runs them as pods on the node, not as the API it serves.
 */

const etcdImage = 'registry.k8s.io/etcd:3.5.16-0'

interface HostMount {
  name: string
  hostPath: string
  mountPath: string
  type: string
  readOnly?: boolean
}

function volumesOf(mounts: HostMount[]): { volumes: Volume[]; volumeMounts: NonNullable<Container['volumeMounts']> } {
  return {
    volumes: mounts.map((m) => ({ name: m.name, hostPath: { path: m.hostPath, type: m.type } })),
    volumeMounts: mounts.map((m) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}) }))
  }
}

function probe(host: string, path: string, port: number, scheme: 'HTTP' | 'HTTPS', failureThreshold: number, initialDelaySeconds?: number, periodSeconds = 10) {
  return { failureThreshold, httpGet: { host, path, port, scheme }, ...(initialDelaySeconds !== undefined ? { initialDelaySeconds } : {}), periodSeconds, timeoutSeconds: 15 }
}

function controlPlanePod(component: string, container: Container, mounts: HostMount[], annotations?: Record<string, string>): Pod {
  const { volumes, volumeMounts } = volumesOf(mounts)
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(annotations ? { annotations } : {}), labels: { component, tier: 'control-plane' }, name: component, namespace: 'kube-system' },
    spec: {
      containers: [{ ...container, imagePullPolicy: 'IfNotPresent', name: component, volumeMounts }],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes
    }
  }
}

const caCerts: HostMount[] = [
  { name: 'ca-certs', hostPath: '/etc/ssl/certs', mountPath: '/etc/ssl/certs', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'etc-ca-certificates', hostPath: '/etc/ca-certificates', mountPath: '/etc/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'k8s-certs', hostPath: '/etc/kubernetes/pki', mountPath: '/etc/kubernetes/pki', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'usr-local-share-ca-certificates', hostPath: '/usr/local/share/ca-certificates', mountPath: '/usr/local/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'usr-share-ca-certificates', hostPath: '/usr/share/ca-certificates', mountPath: '/usr/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true }
]

function etcd(ip: string, node: string): Pod {
  const command = [
    'etcd',
    `--advertise-client-urls=https://${ip}:2379`,
    '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
    '--client-cert-auth=true',
    '--data-dir=/var/lib/etcd',
    '--experimental-initial-corrupt-check=true',
    '--experimental-watch-progress-notify-interval=5s',
    `--initial-advertise-peer-urls=https://${ip}:2380`,
    `--initial-cluster=${node}=https://${ip}:2380`,
    '--key-file=/etc/kubernetes/pki/etcd/server.key',
    `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
    '--listen-metrics-urls=http://127.0.0.1:2381',
    `--listen-peer-urls=https://${ip}:2380`,
    `--name=${node}`,
    '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
    '--peer-client-cert-auth=true',
    '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
    '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
    '--snapshot-count=10000',
    '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt'
  ]
  return controlPlanePod(
    'etcd',
    {
      name: 'etcd',
      command,
      image: etcdImage,
      livenessProbe: probe('127.0.0.1', '/livez', 2381, 'HTTP', 8, 10),
      readinessProbe: probe('127.0.0.1', '/readyz', 2381, 'HTTP', 3, undefined, 1),
      resources: { requests: { cpu: '100m', memory: '100Mi' } },
      startupProbe: probe('127.0.0.1', '/readyz', 2381, 'HTTP', 24, 10)
    },
    [
      { name: 'etcd-certs', hostPath: '/etc/kubernetes/pki/etcd', mountPath: '/etc/kubernetes/pki/etcd', type: 'DirectoryOrCreate' },
      { name: 'etcd-data', hostPath: '/var/lib/etcd', mountPath: '/var/lib/etcd', type: 'DirectoryOrCreate' }
    ],
    { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` }
  )
}

function apiserver(ip: string, config: ClusterConfig): Pod {
  const command = [
    'kube-apiserver',
    `--advertise-address=${ip}`,
    '--allow-privileged=true',
    '--authorization-mode=Node,RBAC',
    '--client-ca-file=/etc/kubernetes/pki/ca.crt',
    '--enable-admission-plugins=NodeRestriction',
    '--enable-bootstrap-token-auth=true',
    '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
    '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
    '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
    '--etcd-servers=https://127.0.0.1:2379',
    '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
    '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
    '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
    '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-username-headers=X-Remote-User',
    '--runtime-config=',
    '--secure-port=6443',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
    '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
    `--service-cluster-ip-range=${config.network.serviceCIDR}`,
    '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
    '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key'
  ]
  return controlPlanePod(
    'kube-apiserver',
    {
      name: 'kube-apiserver',
      command,
      image: `registry.k8s.io/kube-apiserver:${kubeletVersion}`,
      livenessProbe: probe(ip, '/livez', 6443, 'HTTPS', 8, 10),
      readinessProbe: probe(ip, '/readyz', 6443, 'HTTPS', 3, undefined, 1),
      resources: { requests: { cpu: '250m' } },
      startupProbe: probe(ip, '/livez', 6443, 'HTTPS', 24, 10)
    },
    caCerts,
    { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` }
  )
}

function controllerManager(config: ClusterConfig): Pod {
  const command = [
    'kube-controller-manager',
    '--allocate-node-cidrs=true',
    '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
    '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
    '--bind-address=127.0.0.1',
    '--client-ca-file=/etc/kubernetes/pki/ca.crt',
    `--cluster-cidr=${config.network.podCIDR}`,
    `--cluster-name=${config.name}`,
    '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
    '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
    '--controllers=*,bootstrapsigner,tokencleaner',
    '--enable-hostpath-provisioner=true',
    '--kubeconfig=/etc/kubernetes/controller-manager.conf',
    '--leader-elect=true',
    `--node-cidr-mask-size-ipv4=${config.network.nodePodCIDRMaskSize}`,
    '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
    '--root-ca-file=/etc/kubernetes/pki/ca.crt',
    '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
    `--service-cluster-ip-range=${config.network.serviceCIDR}`,
    '--use-service-account-credentials=true'
  ]
  return controlPlanePod(
    'kube-controller-manager',
    {
      name: 'kube-controller-manager',
      command,
      image: `registry.k8s.io/kube-controller-manager:${kubeletVersion}`,
      livenessProbe: probe('127.0.0.1', '/healthz', 10257, 'HTTPS', 8, 10),
      resources: { requests: { cpu: '200m' } },
      startupProbe: probe('127.0.0.1', '/healthz', 10257, 'HTTPS', 24, 10)
    },
    [
      ...caCerts.slice(0, 2),
      { name: 'flexvolume-dir', hostPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', mountPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', type: 'DirectoryOrCreate' },
      caCerts[2],
      { name: 'kubeconfig', hostPath: '/etc/kubernetes/controller-manager.conf', mountPath: '/etc/kubernetes/controller-manager.conf', type: 'FileOrCreate', readOnly: true },
      ...caCerts.slice(3)
    ]
  )
}

function scheduler(): Pod {
  return controlPlanePod(
    'kube-scheduler',
    {
      name: 'kube-scheduler',
      command: [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true'
      ],
      image: `registry.k8s.io/kube-scheduler:${kubeletVersion}`,
      livenessProbe: probe('127.0.0.1', '/livez', 10259, 'HTTPS', 8, 10),
      readinessProbe: probe('127.0.0.1', '/readyz', 10259, 'HTTPS', 3, undefined, 1),
      resources: { requests: { cpu: '100m' } },
      startupProbe: probe('127.0.0.1', '/livez', 10259, 'HTTPS', 24, 10)
    },
    [{ name: 'kubeconfig', hostPath: '/etc/kubernetes/scheduler.conf', mountPath: '/etc/kubernetes/scheduler.conf', type: 'FileOrCreate', readOnly: true }]
  )
}

/** The four manifests, by file name, as YAML with kubeadm's `status: {}` trailer. */
export function controlPlaneManifests(config: ClusterConfig, nodeName: string, nodeIP: string): Map<string, string> {
  const pods: Array<[string, Pod]> = [
    ['etcd.yaml', etcd(nodeIP, nodeName)],
    ['kube-apiserver.yaml', apiserver(nodeIP, config)],
    ['kube-controller-manager.yaml', controllerManager(config)],
    ['kube-scheduler.yaml', scheduler()]
  ]
  return new Map(pods.map(([file, pod]) => [file, stringify({ ...pod, status: {} })]))
}
