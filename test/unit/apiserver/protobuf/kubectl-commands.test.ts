import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeKubernetesProtobuf } from '../../../../main/cluster/apiserver/protobuf/decode'
import { entry, int, k8sBody, msg, objectMeta, parseHexFixture, str } from './encoder'

/*
 * Bodies built the way client-go's gogo marshaller builds them (every
 * non-pointer field written, zero or not, in field-number order), checked
 * byte for byte against what kubectl 1.32 really sent, then decoded.
 */

function fixture(name: string): Buffer {
  return parseHexFixture(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.hex`), 'utf8')).bytes
}

function container(name: string, image: string): Buffer {
  return Buffer.concat([
    str(1, name),
    str(2, image),
    str(5, ''), // workingDir
    msg(8), // resources: a non-pointer struct, always written
    str(13, ''), // terminationMessagePath
    str(14, ''), // imagePullPolicy
    int(16, false), // stdin
    int(17, false), // stdinOnce
    int(18, false), // tty
    str(20, '') // terminationMessagePolicy
  ])
}

function podSpec(containers: Buffer[], restartPolicy = ''): Buffer {
  return Buffer.concat([
    ...containers.map((c) => msg(2, c)),
    str(3, restartPolicy),
    str(6, ''), // dnsPolicy
    str(8, ''), // serviceAccountName
    str(9, ''), // serviceAccount
    str(10, ''), // nodeName
    int(11, false), // hostNetwork
    int(12, false), // hostPID
    int(13, false), // hostIPC
    str(16, ''), // hostname
    str(17, ''), // subdomain
    str(19, ''), // schedulerName
    str(24, '') // priorityClassName
  ])
}

/** What each command sends, built by hand. */
const bodies = {
  namespace: () =>
    k8sBody('v1', 'Namespace', Buffer.concat([msg(1, objectMeta('foo')), msg(2), msg(3, str(1, ''))])),

  deployment: () =>
    k8sBody(
      'apps/v1',
      'Deployment',
      Buffer.concat([
        msg(1, objectMeta('web', { labels: { app: 'web' } })),
        msg(
          2,
          int(1, 3), // replicas: a pointer, written because it is set
          msg(2, entry(1, 'app', 'web')), // selector.matchLabels
          msg(3, msg(1, objectMeta('', { labels: { app: 'web' } })), msg(2, podSpec([container('nginx', 'nginx')]))),
          msg(4, str(1, '')), // strategy
          int(5, 0), // minReadySeconds
          int(7, false) // paused
        ),
        msg(3, int(1, 0), int(2, 0), int(3, 0), int(4, 0), int(5, 0), int(7, 0)) // status
      ])
    ),

  configmap: () => k8sBody('v1', 'ConfigMap', Buffer.concat([msg(1, objectMeta('cfg')), entry(2, 'a', '1')])),

  secret: () =>
    k8sBody('v1', 'Secret', Buffer.concat([msg(1, objectMeta('s')), entry(2, 'p', 'x'), str(3, '')])),

  service: () =>
    k8sBody(
      'v1',
      'Service',
      Buffer.concat([
        msg(1, objectMeta('my-svc', { labels: { app: 'my-svc' } })),
        msg(
          2,
          msg(1, str(1, '80-8080'), str(2, 'TCP'), int(3, 80), msg(4, int(1, 0), int(2, 8080), str(3, '')), int(5, 0)),
          entry(2, 'app', 'my-svc'),
          str(3, ''), // clusterIP
          str(4, 'ClusterIP'),
          str(7, ''), // sessionAffinity
          str(8, ''), // loadBalancerIP
          str(10, ''), // externalName
          str(11, ''), // externalTrafficPolicy
          int(12, 0), // healthCheckNodePort
          int(13, false) // publishNotReadyAddresses
        ),
        msg(3, msg(1)) // status.loadBalancer
      ])
    ),

  job: () =>
    k8sBody(
      'batch/v1',
      'Job',
      Buffer.concat([
        msg(1, objectMeta('j')),
        msg(2, msg(6, msg(1, objectMeta('')), msg(2, podSpec([container('j', 'busybox')], 'Never')))),
        msg(3, int(4, 0), int(5, 0), int(6, 0), str(7, '')) // status
      ])
    ),

  autoscale: () =>
    k8sBody(
      'autoscaling/v1',
      'HorizontalPodAutoscaler',
      Buffer.concat([
        msg(1, objectMeta('web')),
        msg(2, msg(1, str(1, 'Deployment'), str(2, 'web'), str(3, 'apps/v1')), int(3, 5), int(4, 80)),
        msg(3, int(3, 0), int(4, 0))
      ])
    )
}

describe('what kubectl create/autoscale send', () => {
  it.each([
    ['namespace', 'create-namespace'],
    ['deployment', 'create-deployment'],
    ['configmap', 'create-configmap'],
    ['secret', 'create-secret-generic'],
    ['service', 'create-service-clusterip'],
    ['job', 'create-job'],
    ['autoscale', 'autoscale']
  ] as const)('the hand-built %s body equals the recorded bytes', (body, name) => {
    expect(bodies[body]().toString('hex')).toBe(fixture(name).toString('hex'))
  })

  it('kubectl create namespace foo', () => {
    expect(decodeKubernetesProtobuf(bodies.namespace())).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      object: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'foo' }, spec: {}, status: {} },
      unknownFields: []
    })
  })

  it('kubectl create deployment web --image=nginx --replicas=3', () => {
    const decoded = decodeKubernetesProtobuf(bodies.deployment())
    expect(decoded.apiVersion).toBe('apps/v1')
    expect(decoded.kind).toBe('Deployment')
    expect(decoded.object).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] }
        },
        strategy: {}
      },
      status: {}
    })
  })

  it('kubectl create configmap cfg --from-literal=a=1', () => {
    expect(decodeKubernetesProtobuf(bodies.configmap()).object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cfg' },
      data: { a: '1' }
    })
  })

  it('kubectl create secret generic s --from-literal=p=x: data is base64', () => {
    expect(decodeKubernetesProtobuf(bodies.secret()).object).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's' },
      data: { p: 'eA==' }
    })
  })

  it('kubectl create service clusterip my-svc --tcp=80:8080', () => {
    expect(decodeKubernetesProtobuf(bodies.service()).object).toEqual({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'my-svc', labels: { app: 'my-svc' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
        selector: { app: 'my-svc' },
        type: 'ClusterIP'
      },
      status: { loadBalancer: {} }
    })
  })

  it('kubectl create job j --image=busybox', () => {
    expect(decodeKubernetesProtobuf(bodies.job()).object).toEqual({
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: { name: 'j' },
      spec: {
        template: {
          metadata: {},
          spec: { containers: [{ name: 'j', image: 'busybox', resources: {} }], restartPolicy: 'Never' }
        }
      },
      status: {}
    })
  })

  it('kubectl autoscale deployment web --max=5 --cpu-percent=80', () => {
    expect(decodeKubernetesProtobuf(bodies.autoscale()).object).toEqual({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 80
      },
      // Not omitempty in Go, so kubectl's own JSON carries these zeros too.
      status: { currentReplicas: 0, desiredReplicas: 0 }
    })
  })
})
