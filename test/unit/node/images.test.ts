import { describe, expect, it } from 'vitest'
import { goDuration } from '../../../main/cluster/node/kubelet/go-duration'
import { NodeImages, imageID, imageSizeBytes, parseImage, pullDurationMs, qualifiedImage } from '../../../main/cluster/node/kubelet/images'

describe('image references', () => {
  it.each([
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['nginx', 'docker.io/library/nginx:latest'],
    ['bitnami/nginx:1.27', 'docker.io/bitnami/nginx:1.27'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['ghcr.io/org/app:v1', 'ghcr.io/org/app:v1']
  ])('%s is %s', (image, qualified) => {
    expect(qualifiedImage(image)).toBe(qualified)
  })

  it('keeps a pinned digest and derives one otherwise, the same every time', () => {
    expect(parseImage('nginx@sha256:abc')).toEqual({ repository: 'docker.io/library/nginx', digest: 'sha256:abc' })
    expect(imageID('nginx@sha256:abc')).toBe('docker.io/library/nginx@sha256:abc')
    expect(imageID('nginx:1.27')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/)
    expect(imageID('nginx:1.27')).toBe(imageID('docker.io/library/nginx:1.27'))
  })

  it('gives each image a fixed size and pull time', () => {
    expect(imageSizeBytes('nginx:1.27')).toBe(72099410)
    const pull = pullDurationMs('redis:7', 500, 2000)
    expect(pull).toBeGreaterThanOrEqual(500)
    expect(pull).toBeLessThanOrEqual(2000)
    expect(pull % 100).toBe(0)
    expect(pullDurationMs('redis:7', 500, 2000)).toBe(pull)
  })

  it('knows which images a node holds and reports them largest first', () => {
    const images = new NodeImages(['registry.k8s.io/pause:3.10'])
    expect(images.has('nginx:1.27')).toBe(false)
    images.add('nginx:1.27')
    expect(images.has('docker.io/library/nginx:1.27')).toBe(true)
    expect(images.has(`nginx@${imageID('nginx:1.27').split('@')[1]}`)).toBe(true)
    expect(images.list().map((i) => i.names?.[1])).toEqual(['docker.io/library/nginx:1.27', 'registry.k8s.io/pause:3.10'])
    expect(NodeImages.namesIn(images.list())).toEqual(['docker.io/library/nginx:1.27', 'registry.k8s.io/pause:3.10'])
  })
})

describe('Go durations in event messages', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1200, '1.2s'],
    [1234, '1.234s'],
    [10_000, '10s'],
    [90_500, '1m30.5s'],
    [300_000, '5m0s'],
    [7_200_000, '2h0m0s']
  ])('%d ms is %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text)
  })
})
