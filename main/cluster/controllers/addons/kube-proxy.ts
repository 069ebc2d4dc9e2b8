import type { DaemonSet } from 'kubernetes-types/apps/v1'
import type { ConfigMap, ServiceAccount } from 'kubernetes-types/core/v1'
import type { ClusterConfig } from '../../config/cluster-config'

/**
 * kube-proxy as `kubeadm init` deploys it (cmd/kubeadm/app/phases/addons/proxy):
 * its ServiceAccount, the ConfigMap holding its KubeProxyConfiguration and
 * kubeconfig, and a DaemonSet running it on the host network of every node,
 * tolerating every taint.
 */

export const kubeProxyImage = 'registry.k8s.io/kube-proxy:v1.32.4'
const labels = { 'k8s-app': 'kube-proxy' }

/** The ServiceAccount kube-proxy runs as. */
export function kubeProxyServiceAccount(): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: 'kube-system' } }
}

/** kube-proxy's KubeProxyConfiguration (iptables mode, the cluster's pod CIDR) and kubeconfig. */
export function kubeProxyConfigMap(config: ClusterConfig): ConfigMap {
  const configConf = [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'bindAddress: 0.0.0.0',
    'clientConnection:',
    '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
    `clusterCIDR: ${config.network.podCIDR}`,
    'conntrack:',
    '  maxPerCore: 0',
    'kind: KubeProxyConfiguration',
    'metricsBindAddress: ""',
    'mode: iptables',
    ''
  ].join('\n')
  const kubeconfigConf = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    `    server: https://${config.name}-control-plane:6443`,
    '  name: default',
    'contexts:',
    '- context:',
    '    cluster: default',
    '    namespace: default',
    '    user: default',
    '  name: default',
    'current-context: default',
    'users:',
    '- name: default',
    '  user:',
    '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
    ''
  ].join('\n')
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: { 'config.conf': configConf, 'kubeconfig.conf': kubeconfigConf }
  }
}

/** The kube-proxy DaemonSet: host network, every node, every taint tolerated. */
export function kubeProxyDaemonSet(): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-node-critical',
          containers: [
            {
              name: 'kube-proxy',
              image: kubeProxyImage,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true }
              ]
            }
          ],
          hostNetwork: true,
          serviceAccountName: 'kube-proxy',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          volumes: [
            { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } }
          ]
        }
      }
    }
  }
}
