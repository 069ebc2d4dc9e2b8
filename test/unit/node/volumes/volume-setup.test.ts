import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { noEnvSources, type EnvSources } from '../../../../main/cluster/node/programs/container-env'
import { mountFailure } from '../../../../main/cluster/node/volumes/volume-setup'
import { podContainerFiles } from '../../../../main/cluster/node/volumes/pod-files'
import { WritableStorage } from '../../../../main/cluster/world/writable-storage'

const rootCA: ConfigMap = { metadata: { name: 'kube-root-ca.crt', namespace: 'shop' }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n' } }
const game: ConfigMap = { metadata: { name: 'game', namespace: 'shop' }, data: { 'game.properties': 'lives=3\n', 'ui.properties': 'color=blue\n' } }
const creds: Secret = { metadata: { name: 'creds', namespace: 'shop' }, data: { password: Buffer.from('s3cret').toString('base64') } }

function sources(configMaps: ConfigMap[], secrets: Secret[] = []): EnvSources {
  return {
    ...noEnvSources,
    configMap: (ns, name) => configMaps.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    secret: (ns, name) => secrets.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name)
  }
}

const pod: Pod = {
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'app',
        volumeMounts: [
          { name: 'config', mountPath: '/etc/config' },
          { name: 'creds', mountPath: '/etc/creds', readOnly: true },
          { name: 'info', mountPath: '/etc/podinfo' },
          { name: 'one', mountPath: '/etc/app.properties', subPath: 'game.properties' },
          { name: 'kube-api-access-x1y2z', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }
        ]
      }
    ],
    volumes: [
      { name: 'config', configMap: { name: 'game' } },
      { name: 'creds', secret: { secretName: 'creds' } },
      { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { name: 'one', configMap: { name: 'game' } },
      {
        name: 'kube-api-access-x1y2z',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }
          ]
        }
      }
    ]
  }
}

describe('volumes as the kubelet sets them up', () => {
  it('a missing ConfigMap or Secret fails the set-up with the plugin message; optional ones do not', () => {
    expect(mountFailure(pod, sources([rootCA]))).toBe('MountVolume.SetUp failed for volume "config" : configmap "game" not found')
    expect(mountFailure(pod, sources([rootCA, game]))).toBe('MountVolume.SetUp failed for volume "creds" : secret "creds" not found')
    expect(mountFailure(pod, sources([game], [creds]))).toBe('MountVolume.SetUp failed for volume "kube-api-access-x1y2z" : configmap "kube-root-ca.crt" not found')
    expect(mountFailure(pod, sources([rootCA, game], [creds]))).toBeUndefined()
    const optional: Pod = { ...pod, spec: { ...pod.spec!, volumes: [{ name: 'config', configMap: { name: 'absent', optional: true } }] } }
    expect(mountFailure(optional, sources([]))).toBeUndefined()
    const badKey: Pod = { ...pod, spec: { ...pod.spec!, volumes: [{ name: 'config', configMap: { name: 'game', items: [{ key: 'nope', path: 'x' }] } }] } }
    expect(mountFailure(badKey, sources([game]))).toBe('MountVolume.SetUp failed for volume "config" : configmap references non-existent config key: nope')
  })

  it('mounts keys as files, subPath as one file, the downward API and the service account projection', () => {
    const fs = podContainerFiles(pod, 'app', sources([rootCA, game], [creds]), new WritableStorage())
    expect(fs.list('/etc/config')).toEqual(['game.properties', 'ui.properties'])
    expect(fs.read('/etc/config/game.properties')).toBe('lives=3\n')
    expect(fs.read('/etc/creds/password')).toBe('s3cret')
    expect(fs.read('/etc/podinfo/labels')).toBe('app="web"')
    expect(fs.read('/etc/app.properties')).toBe('lives=3\n')
    expect(fs.list('/var/run/secrets/kubernetes.io/serviceaccount')).toEqual(['ca.crt', 'namespace'])
    expect(fs.read('/var/run/secrets/kubernetes.io/serviceaccount/namespace')).toBe('shop')
    expect(fs.list('/etc')).toContain('config')
    expect(fs.list('/etc')).toContain('hosts')
    expect(fs.read('/etc/nope')).toBeUndefined()
  })

  it('reads a ConfigMap volume live: an update shows in its files', () => {
    const data = { 'game.properties': 'lives=3\n' }
    const live: ConfigMap = { metadata: { name: 'game', namespace: 'shop' }, data }
    const fs = podContainerFiles(pod, 'app', sources([rootCA, live], [creds]), new WritableStorage())
    expect(fs.read('/etc/config/game.properties')).toBe('lives=3\n')
    data['game.properties'] = 'lives=5\n'
    expect(fs.read('/etc/config/game.properties')).toBe('lives=5\n')
  })
})
