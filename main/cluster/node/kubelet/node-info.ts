import type { NodeSystemInfo } from 'kubernetes-types/core/v1'
import { md5Hex, uuidFrom } from './ids'

/**
 * What a kind node reports about itself: the software it runs and the
 * machine it is. Versions are those of kind's v1.32.4 node image.
 */

/** The Kubernetes version the nodes run (kubelet, kube-proxy, control-plane images). */
export const kubeletVersion = 'v1.32.4'

/** The kubelet's port, as node.status.daemonEndpoints reports it. */
export const kubeletPort = 10250

/** status.capacity of a simulated node: a 4-CPU, 8 GiB machine, 110 pods as the kubelet allows by default. */
export const nodeCapacity: Readonly<Record<string, string>> = {
  cpu: '4',
  'ephemeral-storage': '102625208Ki',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '8048204Ki',
  pods: '110'
}

/** status.allocatable: kind reserves nothing for the system, so it equals capacity. */
export const nodeAllocatable: Readonly<Record<string, string>> = { ...nodeCapacity }

/** status.nodeInfo; machineID and systemUUID are fixed per node name, bootID changes with every boot. */
export function nodeSystemInfo(nodeName: string, bootID: string): NodeSystemInfo {
  return {
    architecture: 'amd64',
    bootID,
    containerRuntimeVersion: 'containerd://1.7.24',
    kernelVersion: '6.8.0-51-generic',
    kubeProxyVersion: kubeletVersion,
    kubeletVersion,
    machineID: md5Hex('machine-id', nodeName),
    operatingSystem: 'linux',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    systemUUID: uuidFrom('system-uuid', nodeName)
  }
}

/** A boot ID for the node's boot that started at `bootTime` (cluster ms). */
export function bootIDFor(nodeUID: string, bootTime: number): string {
  return uuidFrom('boot-id', nodeUID, String(bootTime))
}

/** The labels the kubelet puts on its node (kubelet_node_status.go), old beta ones included. */
export function defaultNodeLabels(nodeName: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux'
  }
}

/** Annotations kubeadm and the kubelet set on a node they register. */
export const registrationAnnotations: Readonly<Record<string, string>> = {
  'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
  'node.alpha.kubernetes.io/ttl': '0',
  'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
}
