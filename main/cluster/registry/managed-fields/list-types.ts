/**
 * The merge topology of the built-in types beyond what the schema model
 * holds: which lists are associative (`x-kubernetes-list-type: map`, with
 * their `x-kubernetes-list-map-keys`) or sets (`list-type: set`), and which
 * structs and maps are atomic (`x-kubernetes-map-type: atomic`), as
 * Kubernetes 1.32 declares them. Every other list is atomic; every other
 * struct and map is granular. Types are named without their
 * `io.k8s.api.` / `io.k8s.apimachinery.pkg.apis.` prefix.
 */

/** `<type>.<field>` -> 'set', or the key fields of an associative list. */
export const listTypes: Readonly<Record<string, 'set' | readonly string[]>> = {
  'meta.v1.ObjectMeta.finalizers': 'set',
  'meta.v1.ObjectMeta.ownerReferences': ['uid'],

  'core.v1.PodSpec.containers': ['name'],
  'core.v1.PodSpec.initContainers': ['name'],
  'core.v1.PodSpec.ephemeralContainers': ['name'],
  'core.v1.PodSpec.volumes': ['name'],
  'core.v1.PodSpec.imagePullSecrets': ['name'],
  'core.v1.PodSpec.hostAliases': ['ip'],
  'core.v1.PodSpec.resourceClaims': ['name'],
  'core.v1.PodSpec.schedulingGates': ['name'],
  'core.v1.PodSpec.topologySpreadConstraints': ['topologyKey', 'whenUnsatisfiable'],
  'core.v1.Container.env': ['name'],
  'core.v1.Container.ports': ['containerPort', 'protocol'],
  'core.v1.Container.volumeMounts': ['mountPath'],
  'core.v1.Container.volumeDevices': ['devicePath'],
  'core.v1.EphemeralContainer.env': ['name'],
  'core.v1.EphemeralContainer.ports': ['containerPort', 'protocol'],
  'core.v1.EphemeralContainer.volumeMounts': ['mountPath'],
  'core.v1.EphemeralContainer.volumeDevices': ['devicePath'],
  'core.v1.ResourceRequirements.claims': ['name'],
  'core.v1.PodStatus.conditions': ['type'],
  'core.v1.PodStatus.podIPs': ['ip'],
  'core.v1.PodStatus.resourceClaimStatuses': ['name'],
  'core.v1.ContainerStatus.volumeMounts': ['mountPath'],
  'core.v1.ContainerStatus.allocatedResourcesStatus': ['name'],
  'core.v1.ServiceSpec.ports': ['port', 'protocol'],
  'core.v1.ServiceStatus.conditions': ['type'],
  'core.v1.ServiceAccount.secrets': ['name'],
  'core.v1.NodeSpec.podCIDRs': 'set',
  'core.v1.NodeStatus.addresses': ['type'],
  'core.v1.NodeStatus.conditions': ['type'],
  'core.v1.NamespaceStatus.conditions': ['type'],
  'core.v1.PersistentVolumeClaimStatus.conditions': ['type'],
  'core.v1.ReplicationControllerStatus.conditions': ['type'],

  'apps.v1.DeploymentStatus.conditions': ['type'],
  'apps.v1.ReplicaSetStatus.conditions': ['type'],
  'apps.v1.DaemonSetStatus.conditions': ['type'],
  'apps.v1.StatefulSetStatus.conditions': ['type'],
  'autoscaling.v2.HorizontalPodAutoscalerStatus.conditions': ['type'],
  'policy.v1.PodDisruptionBudgetStatus.conditions': ['type'],
  'discovery.v1.Endpoint.addresses': 'set'
}

/** Key fields a list item may omit, with the default the schema gives them. */
export const keyDefaults: Readonly<Record<string, unknown>> = { protocol: 'TCP' }

/** Struct types that are owned whole (`x-kubernetes-map-type: atomic`). */
export const atomicTypes: ReadonlySet<string> = new Set([
  'meta.v1.LabelSelector',
  'meta.v1.OwnerReference',
  'core.v1.ConfigMapKeySelector',
  'core.v1.SecretKeySelector',
  'core.v1.ObjectFieldSelector',
  'core.v1.ResourceFieldSelector',
  'core.v1.LocalObjectReference',
  'core.v1.TypedLocalObjectReference',
  'core.v1.ObjectReference',
  'core.v1.SecretReference',
  'core.v1.NodeSelector',
  'core.v1.NodeSelectorTerm',
  'core.v1.TopologySelectorTerm',
  'core.v1.EndpointAddress',
  'core.v1.EndpointPort',
  'discovery.v1.EndpointPort',
  'autoscaling.v1.CrossVersionObjectReference'
])

/** Map-valued fields that are owned whole. */
export const atomicMapFields: ReadonlySet<string> = new Set(['core.v1.PodSpec.nodeSelector', 'core.v1.ServiceSpec.selector', 'core.v1.ReplicationControllerSpec.selector'])

/** A definition name in this file's short form. */
export function shortTypeName(definition: string): string {
  for (const prefix of ['io.k8s.api.', 'io.k8s.apimachinery.pkg.apis.']) {
    if (definition.startsWith(prefix)) return definition.slice(prefix.length)
  }
  return definition
}
