import { describe, expect, it } from 'vitest'
import { effectiveStrategy, type PatchMeta } from '../../../../main/cluster/apiserver/patch/patch-meta'
import { builtinPatchMeta, builtinPatchMetaKinds, objectMetaOnlyPatchMeta } from '../../../../main/cluster/apiserver/patch/patch-meta-core'

function at(meta: PatchMeta | undefined, path: string): PatchMeta | undefined {
  return path.split('.').reduce<PatchMeta | undefined>((m, field) => m?.child(field), meta)
}

function tag(apiVersion: string, kind: string, path: string): { strategy?: string; mergeKey?: string } {
  const m = at(builtinPatchMeta(apiVersion, kind), path)
  return { strategy: m?.strategy, mergeKey: m?.mergeKey }
}

// Expected tags: the patchStrategy / patchMergeKey struct tags of k8s.io/api 1.32
// (x-kubernetes-patch-strategy / -merge-key in its OpenAPI documents).
const tagged: Array<[apiVersion: string, kind: string, path: string, strategy: string | undefined, mergeKey?: string]> = [
  ['v1', 'Pod', 'metadata.finalizers', 'merge'],
  ['v1', 'Pod', 'metadata.ownerReferences', 'merge', 'uid'],
  ['v1', 'Pod', 'spec.containers', 'merge', 'name'],
  ['v1', 'Pod', 'spec.initContainers', 'merge', 'name'],
  ['v1', 'Pod', 'spec.ephemeralContainers', 'merge', 'name'],
  ['v1', 'Pod', 'spec.containers.env', 'merge', 'name'],
  ['v1', 'Pod', 'spec.containers.ports', 'merge', 'containerPort'],
  ['v1', 'Pod', 'spec.containers.volumeMounts', 'merge', 'mountPath'],
  ['v1', 'Pod', 'spec.containers.volumeDevices', 'merge', 'devicePath'],
  ['v1', 'Pod', 'spec.ephemeralContainers.env', 'merge', 'name'],
  ['v1', 'Pod', 'spec.volumes', 'merge,retainKeys', 'name'],
  ['v1', 'Pod', 'spec.volumes.ephemeral.volumeClaimTemplate.metadata.finalizers', 'merge'],
  ['v1', 'Pod', 'spec.imagePullSecrets', 'merge', 'name'],
  ['v1', 'Pod', 'spec.hostAliases', 'merge', 'ip'],
  ['v1', 'Pod', 'spec.topologySpreadConstraints', 'merge', 'topologyKey'],
  ['v1', 'Pod', 'spec.schedulingGates', 'merge', 'name'],
  ['v1', 'Pod', 'spec.resourceClaims', 'merge,retainKeys', 'name'],
  ['v1', 'Pod', 'spec.tolerations', undefined],
  ['v1', 'Pod', 'spec.containers.args', undefined],
  ['v1', 'Pod', 'status.conditions', 'merge', 'type'],
  ['v1', 'Pod', 'status.podIPs', 'merge', 'ip'],
  ['v1', 'Pod', 'status.hostIPs', 'merge', 'ip'],
  ['v1', 'PodTemplate', 'template.spec.containers', 'merge', 'name'],
  ['v1', 'PodTemplate', 'template.metadata.finalizers', 'merge'],
  ['v1', 'ReplicationController', 'spec.template.spec.containers.env', 'merge', 'name'],
  ['v1', 'ReplicationController', 'status.conditions', 'merge', 'type'],
  ['v1', 'Service', 'spec.ports', 'merge', 'port'],
  ['v1', 'Service', 'status.conditions', 'merge', 'type'],
  ['v1', 'Node', 'spec.podCIDRs', 'merge'],
  ['v1', 'Node', 'spec.taints', undefined],
  ['v1', 'Node', 'status.addresses', 'merge', 'type'],
  ['v1', 'Node', 'status.conditions', 'merge', 'type'],
  ['v1', 'Namespace', 'status.conditions', 'merge', 'type'],
  ['v1', 'PersistentVolumeClaim', 'status.conditions', 'merge', 'type'],
  ['v1', 'ServiceAccount', 'secrets', 'merge', 'name'],
  ['v1', 'ComponentStatus', 'conditions', 'merge', 'type'],
  ['v1', 'Endpoints', 'subsets', undefined],
  ['v1', 'ConfigMap', 'metadata.finalizers', 'merge'],
  ['v1', 'Secret', 'metadata.ownerReferences', 'merge', 'uid'],
  ['apps/v1', 'Deployment', 'spec.strategy', 'retainKeys'],
  ['apps/v1', 'Deployment', 'spec.template.spec.containers', 'merge', 'name'],
  ['apps/v1', 'Deployment', 'status.conditions', 'merge', 'type'],
  ['apps/v1', 'ReplicaSet', 'spec.template.spec.volumes', 'merge,retainKeys', 'name'],
  ['apps/v1', 'DaemonSet', 'spec.template.spec.containers.ports', 'merge', 'containerPort'],
  ['apps/v1', 'DaemonSet', 'spec.updateStrategy', undefined],
  ['apps/v1', 'StatefulSet', 'spec.template.spec.initContainers', 'merge', 'name'],
  ['apps/v1', 'StatefulSet', 'status.conditions', 'merge', 'type'],
  ['batch/v1', 'Job', 'spec.template.spec.containers', 'merge', 'name'],
  ['batch/v1', 'Job', 'status.conditions', 'merge', 'type'],
  ['batch/v1', 'CronJob', 'spec.jobTemplate.spec.template.spec.containers.env', 'merge', 'name'],
  ['batch/v1', 'CronJob', 'spec.jobTemplate.metadata.finalizers', 'merge'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'status.conditions', 'merge', 'type'],
  ['policy/v1', 'PodDisruptionBudget', 'spec.selector', 'replace'],
  ['policy/v1', 'PodDisruptionBudget', 'status.conditions', 'merge', 'type'],
  ['storage.k8s.io/v1', 'CSINode', 'spec.drivers', 'merge', 'name'],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'webhooks', 'merge', 'name'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'webhooks.matchConditions', 'merge', 'name'],
  ['admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'spec.variables', 'merge', 'name'],
  ['apiregistration.k8s.io/v1', 'APIService', 'status.conditions', 'merge', 'type'],
  ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'status.conditions', 'merge', 'type'],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'spec.ingress', undefined]
]

describe('built-in patch metadata', () => {
  it.each(tagged)('%s %s %s', (apiVersion, kind, path, strategy, mergeKey) => {
    expect(tag(apiVersion, kind, path)).toEqual({ strategy, mergeKey })
  })

  it('has no metadata for kinds that are not built in (custom resources)', () => {
    expect(builtinPatchMeta('example.com/v1', 'Widget')).toBeUndefined()
    expect(builtinPatchMeta('v1', 'Widget')).toBeUndefined()
    expect(builtinPatchMeta('v1', 'toString')).toBeUndefined()
  })

  it('lists every kind and returns a shared root per kind', () => {
    const kinds = builtinPatchMetaKinds()
    expect(kinds).toContainEqual({ apiVersion: 'apps/v1', kind: 'Deployment' })
    expect(kinds.length).toBeGreaterThan(50)
    expect(builtinPatchMeta('v1', 'Pod')).toBe(builtinPatchMeta('v1', 'Pod'))
  })

  it('knows ObjectMeta for any object', () => {
    expect(at(objectMetaOnlyPatchMeta, 'metadata.finalizers')?.strategy).toBe('merge')
    expect(objectMetaOnlyPatchMeta.child('spec')).toBeUndefined()
  })

  it('reduces strategies to what merging needs', () => {
    expect(effectiveStrategy(at(builtinPatchMeta('v1', 'Pod'), 'spec.volumes'))).toBe('merge')
    expect(effectiveStrategy(at(builtinPatchMeta('apps/v1', 'Deployment'), 'spec.strategy'))).toBe('')
    expect(effectiveStrategy(at(builtinPatchMeta('policy/v1', 'PodDisruptionBudget'), 'spec.selector'))).toBe('replace')
    expect(effectiveStrategy(undefined)).toBe('')
  })
})
