import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EphemeralContainer, Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import type { ResourceStore } from '../../../main/cluster/registry/resource-store'

/**
 * pods/ephemeralcontainers as podEphemeralContainersStrategy and
 * ValidatePodEphemeralContainersUpdate: an update takes only
 * spec.ephemeralContainers; names are unique across all containers, the
 * target must be an app or init container, ports/probes/resources/lifecycle
 * are forbidden, and existing ephemeral containers stay as they are.
 */
describe('pods/ephemeralcontainers strategy', () => {
  let cluster: Cluster
  let pods: ResourceStore

  beforeEach(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    pods = cluster.resources.forResource('', 'pods')!
    const pod: Pod = {
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], initContainers: [{ name: 'setup', image: 'busybox:1.36' }] }
    }
    await pods.create('default', pod as KubeObject)
  })
  afterEach(async () => {
    await cluster.stop()
  })

  const current = () => pods.get('default', 'web') as Pod
  const write = (ephemeralContainers: EphemeralContainer[], change: (p: Pod) => void = () => {}) => {
    const p = structuredClone(current())
    p.spec!.ephemeralContainers = ephemeralContainers
    change(p)
    return pods.update('default', p as KubeObject, { subresource: 'ephemeralcontainers' }) as Promise<Pod>
  }
  const debugger1: EphemeralContainer = { name: 'debugger-1', image: 'busybox:1.36', targetContainerName: 'web', stdin: true, tty: true }
  async function messageOf(p: Promise<unknown>): Promise<string> {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err
    )
    expect(e).toBeInstanceOf(StatusError)
    expect((e as StatusError).status.code).toBe(422)
    return (e as StatusError).status.message ?? ''
  }

  it('adds an ephemeral container, defaulted, and keeps everything else as stored', async () => {
    const updated = await write([debugger1], (p) => {
      p.metadata!.labels = { app: 'other' }
      p.spec!.containers[0].image = 'nginx:1.28'
      p.spec!.activeDeadlineSeconds = 30
    })
    expect(updated.spec?.ephemeralContainers).toEqual([
      { ...debugger1, imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }
    ])
    expect(updated.metadata?.labels).toEqual({ app: 'web' })
    expect(updated.spec?.containers[0].image).toBe('nginx:1.27')
    expect(updated.spec?.activeDeadlineSeconds).toBeUndefined()
    // A second one joins the first.
    const two = await write([...updated.spec!.ephemeralContainers!, { name: 'debugger-2', image: 'busybox:1.36' }])
    expect(two.spec?.ephemeralContainers?.map((c) => c.name)).toEqual(['debugger-1', 'debugger-2'])
  })

  it('forbids fields an ephemeral container may not carry, duplicate names and unknown targets', async () => {
    const message = await messageOf(
      write([
        { ...debugger1, ports: [{ containerPort: 80 }], readinessProbe: { tcpSocket: { port: 80 } }, resources: { limits: { cpu: '1' } }, lifecycle: { preStop: { sleep: { seconds: 1 } } } },
        { name: 'setup', image: 'busybox:1.36' },
        { name: 'debugger-3', image: 'busybox:1.36', targetContainerName: 'nope' }
      ])
    )
    expect(message).toContain('spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container')
    expect(message).toContain('spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container')
    expect(message).toContain('spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container')
    expect(message).toContain('spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container')
    expect(message).toContain('spec.ephemeralContainers[1].name: Duplicate value: "setup"')
    expect(message).toContain('spec.ephemeralContainers[2].targetContainerName: Not found: "nope"')
  })

  it('forbids changing or removing an existing ephemeral container', async () => {
    await write([debugger1])
    expect(await messageOf(write([]))).toContain('existing ephemeral containers "debugger-1" may not be removed')
    expect(await messageOf(write([{ ...debugger1, image: 'alpine:3.20' }]))).toContain('existing ephemeral containers "debugger-1" may not be changed')
  })

  it('the main resource cannot add one, and a create cannot carry one', async () => {
    const p = structuredClone(current())
    p.spec!.ephemeralContainers = [debugger1]
    expect(await messageOf(pods.update('default', p as KubeObject))).toContain('pod updates may not change fields')
    const created: Pod = { metadata: { name: 'other', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'nginx:1.27' }], ephemeralContainers: [debugger1] } }
    expect(await messageOf(pods.create('default', created as KubeObject))).toContain('spec.ephemeralContainers: Forbidden: cannot be set on create')
  })
})
