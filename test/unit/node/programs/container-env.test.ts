import type { ConfigMap, Pod, Secret, Service } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { ContainerConfigError, configErrorOf, containerEnv, environmentVariables, type EnvSources } from '../../../../main/cluster/node/programs/container-env'
import { linkedServices, serviceEnv } from '../../../../main/cluster/node/programs/service-env'

const kubernetes: Service = { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } }
const redis: Service = { metadata: { name: 'redis-master', namespace: 'shop' }, spec: { clusterIP: '10.96.12.7', ports: [{ port: 6379 }] } }
const headless: Service = { metadata: { name: 'db', namespace: 'shop' }, spec: { clusterIP: 'None', ports: [{ port: 5432 }] } }
const elsewhere: Service = { metadata: { name: 'other', namespace: 'default' }, spec: { clusterIP: '10.96.3.3', ports: [{ port: 80 }] } }

function sources(objects: { configMaps?: ConfigMap[]; secrets?: Secret[]; services?: Service[] } = {}): EnvSources {
  const find = <T extends { metadata?: { name?: string; namespace?: string } }>(list: T[] | undefined, ns: string, name: string) =>
    list?.find((o) => o.metadata?.namespace === ns && o.metadata?.name === name)
  return {
    serviceEnv: (ns, links) => serviceEnv(linkedServices(objects.services ?? [], ns, links)),
    configMap: (ns, name) => find(objects.configMaps, ns, name),
    secret: (ns, name) => find(objects.secrets, ns, name),
    allocatable: () => ({ cpu: '4', memory: '8Gi' }),
    addresses: () => ({ podIPs: ['10.244.1.5'], hostIPs: ['172.18.0.3'] })
  }
}

function pod(container: NonNullable<Pod['spec']>['containers'][number], spec: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return {
    metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'hi' } },
    spec: { nodeName: 'kind-worker', serviceAccountName: 'default', containers: [container], ...spec }
  }
}

const env = (p: Pod, s: EnvSources = sources()) => environmentVariables(containerEnv(p, p.spec!.containers[0].name, s))

describe('a container environment as the kubelet builds it', () => {
  it('gives Service variables of the pod namespace and the kubernetes Service, in Docker link form', () => {
    const e = env(pod({ name: 'c', image: 'busybox' }), sources({ services: [kubernetes, redis, headless, elsewhere] }))
    expect(e).toMatchObject({
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
      REDIS_MASTER_SERVICE_HOST: '10.96.12.7',
      REDIS_MASTER_SERVICE_PORT: '6379',
      REDIS_MASTER_PORT: 'tcp://10.96.12.7:6379',
      REDIS_MASTER_PORT_6379_TCP: 'tcp://10.96.12.7:6379',
      REDIS_MASTER_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_MASTER_PORT_6379_TCP_PORT: '6379'
    })
    expect(Object.keys(e).some((k) => k.startsWith('DB_') || k.startsWith('OTHER_'))).toBe(false)
  })

  it('enableServiceLinks: false keeps only the kubernetes Service', () => {
    const e = env(pod({ name: 'c', image: 'busybox' }, { enableServiceLinks: false }), sources({ services: [kubernetes, redis] }))
    expect(e.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1')
    expect(e.REDIS_MASTER_SERVICE_HOST).toBeUndefined()
  })

  it('reads envFrom (with prefix, optional) then env; env wins, Service variables come last', () => {
    const cm: ConfigMap = { metadata: { name: 'app', namespace: 'shop' }, data: { MODE: 'prod', LEVEL: 'debug', 'bad=key': 'x' } }
    const secret: Secret = { metadata: { name: 'creds', namespace: 'shop' }, data: { PASSWORD: Buffer.from('s3cret').toString('base64') } }
    const p = pod({
      name: 'c',
      image: 'busybox',
      envFrom: [{ configMapRef: { name: 'app' } }, { prefix: 'DB_', secretRef: { name: 'creds' } }, { configMapRef: { name: 'absent', optional: true } }],
      env: [
        { name: 'LEVEL', value: 'info' },
        { name: 'URL', value: 'redis://$(REDIS_MASTER_SERVICE_HOST):$(REDIS_MASTER_SERVICE_PORT)/$(MODE)' },
        { name: 'LITERAL', value: '$$(MODE)' },
        { name: 'REDIS_MASTER_SERVICE_PORT', value: '1' }
      ]
    })
    const e = env(p, sources({ configMaps: [cm], secrets: [secret], services: [redis] }))
    expect(e).toMatchObject({ MODE: 'prod', LEVEL: 'info', DB_PASSWORD: 's3cret', URL: 'redis://10.96.12.7:6379/prod', LITERAL: '$(MODE)', REDIS_MASTER_SERVICE_PORT: '1' })
    expect(e['bad=key']).toBeUndefined()
  })

  it('resolves the downward API: fieldRef and resourceFieldRef (limits default to the node allocatable)', () => {
    const p = pod({
      name: 'c',
      image: 'busybox',
      resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
        { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
        { name: 'LABELS', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
        { name: 'CPU_REQUEST', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
        { name: 'CPU_REQUEST_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM_LIMIT_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }
      ]
    })
    expect(env(p)).toMatchObject({
      POD_NAME: 'web-1',
      POD_NS: 'shop',
      POD_IP: '10.244.1.5',
      HOST_IP: '172.18.0.3',
      NODE: 'kind-worker',
      SA: 'default',
      TIER: 'front',
      LABELS: 'app="web"\ntier="front"',
      CPU_REQUEST: '1',
      CPU_REQUEST_M: '250',
      CPU_LIMIT: '4',
      MEM_LIMIT_MI: '128'
    })
  })

  it('a missing ConfigMap, Secret or key is the kubelet\'s CreateContainerConfigError message; optional ones are skipped', () => {
    const cm: ConfigMap = { metadata: { name: 'app', namespace: 'shop' }, data: { MODE: 'prod' } }
    const s = sources({ configMaps: [cm] })
    const error = (container: NonNullable<Pod['spec']>['containers'][number]) => configErrorOf(pod(container), container.name, () => s)
    expect(error({ name: 'c', envFrom: [{ configMapRef: { name: 'app-config' } }] })).toBe('configmap "app-config" not found')
    expect(error({ name: 'c', envFrom: [{ secretRef: { name: 'creds' } }] })).toBe('secret "creds" not found')
    expect(error({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app', key: 'COLOR' } } }] })).toBe("couldn't find key COLOR in ConfigMap shop/app")
    expect(error({ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] })).toBe('secret "creds" not found')
    expect(error({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app', key: 'COLOR', optional: true } } }] })).toBeUndefined()
    expect(error({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app', key: 'MODE' } } }] })).toBeUndefined()
    expect(() => containerEnv(pod({ name: 'c', envFrom: [{ configMapRef: { name: 'nope' } }] }), 'c', s)).toThrow(ContainerConfigError)
  })
})
