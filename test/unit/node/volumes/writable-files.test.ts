import type { ConfigMap, Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { noEnvSources, type EnvSources } from '../../../../main/cluster/node/programs/container-env'
import { podContainerFiles } from '../../../../main/cluster/node/volumes/pod-files'
import { ContainerFileSystems } from '../../../../main/cluster/world/container-files'

const config: ConfigMap = { metadata: { name: 'site', namespace: 'default' }, data: { 'index.html': '<h1>from a ConfigMap</h1>\n' } }
const sources: EnvSources = {
  ...noEnvSources,
  configMap: (ns, name) => (ns === 'default' && name === 'site' ? config : undefined),
  claimedVolumeUID: (ns, claim) => (ns === 'default' && claim === 'data' ? 'pv-uid-1' : undefined)
}

/** Two containers sharing an emptyDir (the kubernetes.io shared-volume task), a ConfigMap, a read-only mount and a claim. */
function pod(uid: string): Pod {
  return {
    metadata: { name: 'two-containers', namespace: 'default', uid },
    spec: {
      nodeName: 'w1',
      volumes: [{ name: 'shared-data', emptyDir: {} }, { name: 'site', configMap: { name: 'site' } }, { name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          volumeMounts: [
            { name: 'shared-data', mountPath: '/usr/share/nginx/html' },
            { name: 'site', mountPath: '/etc/site' },
            { name: 'data', mountPath: '/data' }
          ]
        },
        { name: 'debian', image: 'debian', volumeMounts: [{ name: 'shared-data', mountPath: '/pod-data' }, { name: 'data', mountPath: '/srv', readOnly: true }] }
      ]
    }
  }
}

describe('what containers write', () => {
  it("an emptyDir is shared by the pod's containers and kept across their restarts", () => {
    const world = new ContainerFileSystems()
    const first = pod('u1')
    expect(podContainerFiles(first, 'debian', sources, world.storage).write('/pod-data/index.html', 'Hello from the debian container\n')).toBeUndefined()
    expect(podContainerFiles(first, 'nginx', sources, world.storage).read('/usr/share/nginx/html/index.html')).toBe('Hello from the debian container\n')
    expect(podContainerFiles(first, 'nginx', sources, world.storage).list('/usr/share/nginx/html')).toEqual(['index.html'])
    world.containerCreated('u1', 'nginx')
    world.containerCreated('u1', 'debian')
    expect(podContainerFiles(first, 'nginx', sources, world.storage).read('/usr/share/nginx/html/index.html')).toBe('Hello from the debian container\n')
  })

  it("a container's own writes are in its layer: not seen by the other container, gone when it is replaced", () => {
    const world = new ContainerFileSystems()
    const first = pod('u1')
    const nginx = podContainerFiles(first, 'nginx', sources, world.storage)
    expect(nginx.write('/tmp/note', 'one\n')).toBeUndefined()
    expect(nginx.write('/tmp/note', 'two\n', true)).toBeUndefined()
    expect(nginx.read('/tmp/note')).toBe('one\ntwo\n')
    expect(podContainerFiles(first, 'debian', sources, world.storage).read('/tmp/note')).toBeUndefined()
    world.containerCreated('u1', 'nginx')
    expect(podContainerFiles(first, 'nginx', sources, world.storage).read('/tmp/note')).toBeUndefined()
  })

  it('ConfigMap volumes and readOnly mounts take no writes; missing directories and directories are refused as the kernel does', () => {
    const world = new ContainerFileSystems()
    const p = pod('u1')
    const nginx = podContainerFiles(p, 'nginx', sources, world.storage)
    expect(nginx.write('/etc/site/index.html', 'x')).toBe('EROFS')
    expect(nginx.remove('/etc/site/index.html')).toBe('EROFS')
    expect(podContainerFiles(p, 'debian', sources, world.storage).write('/srv/x', 'x')).toBe('EROFS')
    expect(nginx.write('/nope/x', 'x')).toBe('ENOENT')
    expect(nginx.write('/tmp', 'x')).toBe('EISDIR')
    expect(nginx.mkdir('/tmp')).toBe('EEXIST')
    expect(nginx.mkdir('/a/b')).toBe('ENOENT')
    expect(nginx.mkdir('/a/b', true)).toBeUndefined()
    expect(nginx.list('/a')).toEqual(['b'])
    expect(nginx.remove('/a')).toBe('EISDIR')
    expect(nginx.remove('/a', true)).toBeUndefined()
    expect(nginx.list('/a')).toBeUndefined()
    expect(nginx.remove('/data', true)).toBe('EBUSY')
  })

  it("removing an image file hides it in this container only", () => {
    const world = new ContainerFileSystems()
    const p = pod('u1')
    expect(podContainerFiles(p, 'nginx', sources, world.storage).list('/etc')).toContain('passwd')
    expect(podContainerFiles(p, 'nginx', sources, world.storage).remove('/etc/passwd')).toBeUndefined()
    expect(podContainerFiles(p, 'nginx', sources, world.storage).list('/etc')).not.toContain('passwd')
    expect(podContainerFiles(p, 'debian', sources, world.storage).list('/etc')).toContain('passwd')
  })

  it("a claimed volume's files outlive the pod; its emptyDir does not", () => {
    const world = new ContainerFileSystems()
    const first = pod('u1')
    const nginx = podContainerFiles(first, 'nginx', sources, world.storage)
    expect(nginx.write('/data/visits', '1\n')).toBeUndefined()
    expect(nginx.write('/usr/share/nginx/html/scratch', 'x')).toBeUndefined()
    world.podRemoved('u1')
    const next = pod('u2')
    expect(podContainerFiles(next, 'nginx', sources, world.storage).read('/data/visits')).toBe('1\n')
    expect(podContainerFiles(next, 'debian', sources, world.storage).read('/srv/visits')).toBe('1\n')
    expect(podContainerFiles(next, 'nginx', sources, world.storage).read('/usr/share/nginx/html/scratch')).toBeUndefined()
  })
})
