import type { ContainerImage } from 'kubernetes-types/core/v1'
import { sha256Hex, unitFrom } from './ids'

/**
 * Container images as containerd reports them: references normalised the
 * way the Docker reference library does (`nginx:1.27` is
 * `docker.io/library/nginx:1.27`), deterministic digests and sizes, and the
 * set of images each node holds.
 */

/** An image reference split into repository (with registry), tag and digest. */
export interface ImageReference {
  /** `docker.io/library/nginx`. */
  repository: string
  /** `1.27`; 'latest' when neither tag nor digest was given. */
  tag?: string
  /** `sha256:...` when the reference pinned one. */
  digest?: string
}

/** Parses `nginx:1.27`, `registry.k8s.io/pause:3.10`, `nginx@sha256:...` and friends. */
export function parseImage(image: string): ImageReference {
  let rest = image.trim()
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const slash = rest.indexOf('/')
  const first = slash < 0 ? '' : rest.slice(0, slash)
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost'
  let repository = hasRegistry ? rest : `docker.io/${rest}`
  if (!hasRegistry && slash < 0) repository = `docker.io/library/${rest}`
  if (!tag && !digest) tag = 'latest'
  return { repository, tag, digest }
}

/** The reference containerd reports in containerStatuses[].image: `docker.io/library/nginx:1.27`. */
export function qualifiedImage(image: string): string {
  // Every pod status names its images: each reference is parsed once.
  let q = qualified.get(image)
  if (q === undefined) {
    if (qualified.size >= 4096) qualified.clear()
    const ref = parseImage(image)
    q = ref.digest && !ref.tag ? `${ref.repository}@${ref.digest}` : `${ref.repository}:${ref.tag}`
    qualified.set(image, q)
  }
  return q
}

const qualified = new Map<string, string>()

/** The image's digest: the pinned one, or one derived from the reference. */
export function imageDigest(image: string): string {
  const ref = parseImage(image)
  return ref.digest ?? `sha256:${sha256Hex('image', `${ref.repository}:${ref.tag}`)}`
}

/** containerStatuses[].imageID: `docker.io/library/nginx@sha256:<digest>`. */
export function imageID(image: string): string {
  // Every pod status and node status names its images' IDs: each reference is hashed once.
  let id = imageIDs.get(image)
  if (id === undefined) {
    if (imageIDs.size >= 4096) imageIDs.clear()
    id = `${parseImage(image).repository}@${imageDigest(image)}`
    imageIDs.set(image, id)
  }
  return id
}

const imageIDs = new Map<string, string>()

/** Sizes of images people use in tutorials and of kind's preloaded ones; others get a size from their name. */
const knownSizes: Record<string, number> = {
  'docker.io/library/nginx:1.27': 72099410,
  'docker.io/library/busybox:latest': 2166802,
  'registry.k8s.io/pause:3.10': 320368,
  'registry.k8s.io/etcd:3.5.16-0': 57680541,
  'registry.k8s.io/coredns/coredns:v1.11.3': 18562039,
  'registry.k8s.io/kube-apiserver:v1.32.4': 98051552,
  'registry.k8s.io/kube-controller-manager:v1.32.4': 90793286,
  'registry.k8s.io/kube-scheduler:v1.32.4': 70649156,
  'registry.k8s.io/kube-proxy:v1.32.4': 95271321,
  'docker.io/kindest/kindnetd:v20250214-acbabc1a': 44375501,
  'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a': 22541737,
  'docker.io/kindest/local-path-helper:v20241212-8ac705d0': 3084671
}

/** The images a kind node image ships with, so control-plane and system pods start without pulling. */
export const kindPreloadedImages: readonly string[] = Object.keys(knownSizes).filter((name) => !name.startsWith('docker.io/library/'))

/** Bytes, as `Image size: 72099410 bytes.` reports it. */
export function imageSizeBytes(image: string): number {
  const q = qualifiedImage(image)
  return knownSizes[q] ?? 5_000_000 + Math.floor(unitFrom('size', q) * 145_000_000)
}

/** How long pulling an image takes: deterministic by name, between min and max in steps of 100 ms. */
export function pullDurationMs(image: string, minMs: number, maxMs: number): number {
  const steps = Math.max(0, Math.floor((maxMs - minMs) / 100))
  return minMs + Math.floor(unitFrom('pull', qualifiedImage(image)) * (steps + 1)) * 100
}

/** Largest first and at most this many, as the kubelet reports node.status.images (nodeStatusMaxImages). */
const maxReportedImages = 50

/** The images one node holds. */
export class NodeImages {
  private readonly images = new Set<string>()

  /** Starts with the given references (e.g. kind's preloaded images and what node.status.images listed). */
  constructor(initial: Iterable<string> = []) {
    for (const image of initial) this.add(image)
  }

  /** Whether the node has the image (same repository and tag, or same digest). */
  has(image: string): boolean {
    const ref = parseImage(image)
    if (ref.digest && !ref.tag) return [...this.images].some((held) => imageDigest(held) === ref.digest)
    return this.images.has(qualifiedImage(image))
  }

  /** Records a pulled image. */
  add(image: string): void {
    this.images.add(qualifiedImage(image))
  }

  /** node.status.images. */
  list(): ContainerImage[] {
    return [...this.images]
      .map((name) => ({ names: [imageID(name), name], sizeBytes: imageSizeBytes(name) }))
      .sort((a, b) => b.sizeBytes - a.sizeBytes || a.names[1].localeCompare(b.names[1]))
      .slice(0, maxReportedImages)
  }

  /** The tagged references a node.status.images list names (to restore a node's images after a restart). */
  static namesIn(images: readonly ContainerImage[] | undefined): string[] {
    return (images ?? []).flatMap((image) => (image.names ?? []).filter((name) => !name.includes('@')))
  }
}
