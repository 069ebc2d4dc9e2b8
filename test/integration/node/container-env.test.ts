import type { ConfigMap, Pod, Service } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { environmentVariables } from '../../../main/cluster/node/programs'
import { waitFor } from '../../support/wait'
import { clients, eventsAbout, getPod, lines } from './helpers'

const services = (c: Cluster) => c.client.resource<Service>({ group: '', version: 'v1', resource: 'services' })
const configMaps = (c: Cluster) => c.client.resource<ConfigMap>({ group: '', version: 'v1', resource: 'configmaps' })

function waitingReason(pod: Pod | undefined): string | undefined {
  return pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason
}

describe('the kubelet builds each container environment from the cluster when it creates the container', () => {
  let cluster: Cluster

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    await services(cluster).create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis-master', namespace: 'default' }, spec: { ports: [{ port: 6379 }] } })
  }, 30_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('a missing ConfigMap holds the container in CreateContainerConfigError until it exists', async () => {
    await clients(cluster).pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'configured', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c', 'env; sleep 3600'],
            envFrom: [{ configMapRef: { name: 'app-config' } }],
            env: [{ name: 'MY_POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]
          }
        ]
      }
    })
    const stuck = await waitFor(async () => {
      const pod = await getPod(cluster, 'configured')
      return waitingReason(pod) === 'CreateContainerConfigError' ? pod : undefined
    }, 'the container waiting in CreateContainerConfigError', 15_000)
    expect(stuck.status?.phase).toBe('Pending')
    expect(stuck.status?.containerStatuses?.[0].state?.waiting?.message).toBe('configmap "app-config" not found')
    const failed = await waitFor(async () => (await eventsAbout(cluster, 'Pod', 'configured')).find((e) => e.reason === 'Failed'), 'the Failed event', 15_000)
    expect(failed?.type).toBe('Warning')
    expect(failed?.message).toBe('Error: configmap "app-config" not found')
    expect(failed?.involvedObject.fieldPath).toBe('spec.containers{app}')
    expect(lines(await eventsAbout(cluster, 'Pod', 'configured'))).not.toContain('Created: Created container: app')

    await configMaps(cluster).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'default' }, data: { MODE: 'prod' } })
    // The kubelet tries again after its back-off, 10 s of cluster time.
    await cluster.clock.sleep(11_000)
    const running = await waitFor(async () => {
      const pod = await getPod(cluster, 'configured')
      return pod?.status?.containerStatuses?.[0]?.state?.running ? pod : undefined
    }, 'the container running once the ConfigMap exists', 15_000)
    const ref = { namespace: 'default', pod: 'configured', uid: running.metadata!.uid!, container: 'app' }
    const printed = await waitFor(() => cluster.world.logs.read(ref)?.map((l) => l.text), 'what env printed', 15_000)
    expect(printed).toContain('MODE=prod')
    expect(printed).toContain(`MY_POD_IP=${running.status?.podIP}`)
    expect(printed).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1')
    const redisIP = (await services(cluster).get('default', 'redis-master')).spec?.clusterIP
    expect(printed).toContain(`REDIS_MASTER_SERVICE_HOST=${redisIP}`)
  })

  it('the environment stays as it was at creation: a later ConfigMap change or Service is not seen by exec', async () => {
    const pod = (await getPod(cluster, 'configured'))!
    await configMaps(cluster).update({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'default' }, data: { MODE: 'staging' } })
    await services(cluster).create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: 'default' }, spec: { ports: [{ port: 80 }] } })
    const env = environmentVariables(cluster.world.processes.environment(pod.metadata!.uid!, 'app')!)
    expect(env.MODE).toBe('prod')
    expect(env.LATE_SERVICE_HOST).toBeUndefined()
    expect(env.REDIS_MASTER_SERVICE_PORT).toBe('6379')
  })
})
