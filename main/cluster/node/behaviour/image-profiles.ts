import { parseImage } from '../kubelet/images'

/**
 * What a container of a well-known image uses when nothing asks anything of
 * it, and what one request costs it: figures of the order metrics-server
 * reports for these images on an idle kind cluster. Unknown images get the
 * default row.
 */

/** Idle use and per-request cost of one image. */
export interface ImageProfile {
  /** CPU used while idle, in nanocores (1 core = 1e9). */
  idleCpuNanocores: number
  /** Working-set memory while idle, in bytes. */
  idleMemoryBytes: number
  /** CPU time one request costs, in nanocore-seconds (1e6 = 1 ms of one core). */
  cpuPerRequestNanocoreSeconds: number
  /** Ports the image's server opens whatever its command line (health, metrics and API endpoints). */
  serverPorts?: number[]
}

const Mi = 1024 * 1024
const millicores = (m: number): number => m * 1_000_000

/** The default: a small web server. */
export const defaultImageProfile: ImageProfile = { idleCpuNanocores: millicores(1), idleMemoryBytes: 8 * Mi, cpuPerRequestNanocoreSeconds: millicores(1) }

/** By repository base name (`nginx`, `coredns`, `kube-apiserver` ...). */
const profiles: Readonly<Record<string, ImageProfile>> = {
  nginx: { idleCpuNanocores: millicores(0), idleMemoryBytes: 3 * Mi, cpuPerRequestNanocoreSeconds: millicores(1) },
  httpd: { idleCpuNanocores: millicores(1), idleMemoryBytes: 6 * Mi, cpuPerRequestNanocoreSeconds: millicores(1) },
  busybox: { idleCpuNanocores: 0, idleMemoryBytes: 256 * 1024, cpuPerRequestNanocoreSeconds: millicores(1) },
  redis: { idleCpuNanocores: millicores(2), idleMemoryBytes: 4 * Mi, cpuPerRequestNanocoreSeconds: millicores(0.1) },
  'hpa-example': { idleCpuNanocores: millicores(0), idleMemoryBytes: 10 * Mi, cpuPerRequestNanocoreSeconds: millicores(200) },
  coredns: { idleCpuNanocores: millicores(2), idleMemoryBytes: 14 * Mi, cpuPerRequestNanocoreSeconds: millicores(0.2), serverPorts: [8080, 8181, 9153] },
  'kube-proxy': { idleCpuNanocores: millicores(1), idleMemoryBytes: 15 * Mi, cpuPerRequestNanocoreSeconds: 0, serverPorts: [10249, 10256] },
  kindnetd: { idleCpuNanocores: millicores(1), idleMemoryBytes: 12 * Mi, cpuPerRequestNanocoreSeconds: 0 },
  'kube-apiserver': { idleCpuNanocores: millicores(40), idleMemoryBytes: 250 * Mi, cpuPerRequestNanocoreSeconds: millicores(1), serverPorts: [6443] },
  etcd: { idleCpuNanocores: millicores(20), idleMemoryBytes: 40 * Mi, cpuPerRequestNanocoreSeconds: millicores(0.5), serverPorts: [2379, 2380, 2381] },
  'kube-controller-manager': { idleCpuNanocores: millicores(15), idleMemoryBytes: 50 * Mi, cpuPerRequestNanocoreSeconds: 0, serverPorts: [10257] },
  'kube-scheduler': { idleCpuNanocores: millicores(3), idleMemoryBytes: 20 * Mi, cpuPerRequestNanocoreSeconds: 0, serverPorts: [10259] },
  'local-path-provisioner': { idleCpuNanocores: millicores(1), idleMemoryBytes: 8 * Mi, cpuPerRequestNanocoreSeconds: 0 }
}

/** The profile of an image reference (`nginx:1.27`, `registry.k8s.io/hpa-example`). */
export function imageProfile(image: string): ImageProfile {
  const repository = parseImage(image).repository
  return profiles[repository.slice(repository.lastIndexOf('/') + 1)] ?? defaultImageProfile
}
