import {
  type FieldMap,
  type FieldSpec,
  type PatchMeta,
  mergeList,
  mergeRetainList,
  mergeSet,
  object,
  patchMetaFromSpec,
  replaceStrategy,
  retainKeys
} from './patch-meta'

/**
 * Strategic-merge metadata of the built-in kinds: the `patchStrategy` /
 * `patchMergeKey` tags of k8s.io/api 1.32 (equal to the
 * x-kubernetes-patch-* extensions of its OpenAPI). Only the paths that lead
 * to a tagged field are listed; everything else merges as plain JSON, which
 * is also what an untagged field does. Fields without a tag -- tolerations,
 * NodeSpec taints, Endpoints subsets, container args -- are replaced whole.
 */

// --- shared Go types -----------------------------------------------------------

/** metav1.ObjectMeta. */
const objectMeta: FieldMap = {
  finalizers: mergeSet,
  ownerReferences: mergeList('uid')
}

/** The `conditions` field of most statuses (`patchMergeKey:"type"`). */
const conditions: FieldSpec = mergeList('type')

/** Just `status.conditions`. */
const statusWithConditions: FieldSpec = object({ conditions })

/** core/v1 Container and EphemeralContainer (their tagged fields are the same). */
const container: FieldMap = {
  env: mergeList('name'),
  ports: mergeList('containerPort'),
  volumeMounts: mergeList('mountPath'),
  volumeDevices: mergeList('devicePath')
}

/** core/v1 PodSpec. */
const podSpec: FieldMap = {
  containers: mergeList('name', container),
  initContainers: mergeList('name', container),
  ephemeralContainers: mergeList('name', container),
  // A generic ephemeral volume's claim template carries ObjectMeta.
  volumes: mergeRetainList('name', { ephemeral: object({ volumeClaimTemplate: object({ metadata: object(objectMeta) }) }) }),
  imagePullSecrets: mergeList('name'),
  hostAliases: mergeList('ip'),
  topologySpreadConstraints: mergeList('topologyKey'),
  schedulingGates: mergeList('name'),
  resourceClaims: mergeRetainList('name')
}

/** core/v1 PodStatus. */
const podStatus: FieldMap = {
  conditions,
  podIPs: mergeList('ip'),
  hostIPs: mergeList('ip'),
  resourceClaimStatuses: mergeRetainList('name')
}

/** core/v1 PodTemplateSpec: a pod template inside a workload. */
const podTemplateSpec: FieldSpec = object({ metadata: object(objectMeta), spec: object(podSpec) })

/** A workload whose spec has a `template` and whose status has conditions. */
function workload(spec: FieldMap = {}): FieldMap {
  return { spec: object({ template: podTemplateSpec, ...spec }), status: statusWithConditions }
}

// --- kinds ---------------------------------------------------------------------

/** Top-level fields beyond `metadata`, per apiVersion and kind. An empty map means metadata only. */
const kinds: Readonly<Record<string, Readonly<Record<string, FieldMap>>>> = {
  v1: {
    Binding: {},
    ComponentStatus: { conditions },
    ConfigMap: {},
    Endpoints: {},
    Event: {},
    LimitRange: {},
    Namespace: { status: statusWithConditions },
    Node: {
      spec: object({ podCIDRs: mergeSet }),
      status: object({ addresses: mergeList('type'), conditions })
    },
    PersistentVolume: {},
    PersistentVolumeClaim: { status: statusWithConditions },
    Pod: { spec: object(podSpec), status: object(podStatus) },
    PodTemplate: { template: podTemplateSpec },
    ReplicationController: workload(),
    ResourceQuota: {},
    Secret: {},
    Service: { spec: object({ ports: mergeList('port') }), status: statusWithConditions },
    ServiceAccount: { secrets: mergeList('name') }
  },
  'apps/v1': {
    ControllerRevision: {},
    DaemonSet: workload(),
    Deployment: workload({ strategy: retainKeys() }),
    ReplicaSet: workload(),
    // volumeClaimTemplates is an atomic list, but its claims' own tags still apply inside it.
    StatefulSet: workload({ volumeClaimTemplates: object({ metadata: object(objectMeta), status: statusWithConditions }) })
  },
  'batch/v1': {
    CronJob: { spec: object({ jobTemplate: object({ metadata: object(objectMeta), spec: object({ template: podTemplateSpec }) }) }) },
    Job: workload()
  },
  'autoscaling/v1': { HorizontalPodAutoscaler: {}, Scale: {} },
  'autoscaling/v2': { HorizontalPodAutoscaler: { status: statusWithConditions } },
  'policy/v1': {
    Eviction: {},
    PodDisruptionBudget: { spec: object({ selector: replaceStrategy }), status: statusWithConditions }
  },
  'networking.k8s.io/v1': { Ingress: {}, IngressClass: {}, NetworkPolicy: {} },
  'discovery.k8s.io/v1': { EndpointSlice: {} },
  'events.k8s.io/v1': { Event: {} },
  'coordination.k8s.io/v1': { Lease: {} },
  'rbac.authorization.k8s.io/v1': { ClusterRole: {}, ClusterRoleBinding: {}, Role: {}, RoleBinding: {} },
  'authentication.k8s.io/v1': { SelfSubjectReview: {} },
  'authorization.k8s.io/v1': { SelfSubjectAccessReview: {}, SelfSubjectRulesReview: {} },
  'storage.k8s.io/v1': {
    CSIDriver: {},
    CSINode: { spec: object({ drivers: mergeList('name') }) },
    CSIStorageCapacity: {},
    StorageClass: {},
    VolumeAttachment: {}
  },
  'scheduling.k8s.io/v1': { PriorityClass: {} },
  'node.k8s.io/v1': { RuntimeClass: {} },
  'certificates.k8s.io/v1': { CertificateSigningRequest: {} },
  'admissionregistration.k8s.io/v1': {
    MutatingWebhookConfiguration: { webhooks: mergeList('name', { matchConditions: mergeList('name') }) },
    ValidatingWebhookConfiguration: { webhooks: mergeList('name', { matchConditions: mergeList('name') }) },
    ValidatingAdmissionPolicy: { spec: object({ matchConditions: mergeList('name'), variables: mergeList('name') }) },
    ValidatingAdmissionPolicyBinding: {}
  },
  'apiextensions.k8s.io/v1': { CustomResourceDefinition: {} },
  'apiregistration.k8s.io/v1': { APIService: { status: statusWithConditions } },
  'flowcontrol.apiserver.k8s.io/v1': {
    FlowSchema: { status: statusWithConditions },
    PriorityLevelConfiguration: { status: statusWithConditions }
  }
}

const cache = new Map<string, PatchMeta>()

/**
 * The root PatchMeta of a built-in kind, or undefined when the kind is not
 * built in. Kubernetes refuses strategic merge patches for custom resources
 * (415), since they carry no patch tags.
 */
export function builtinPatchMeta(apiVersion: string, kind: string): PatchMeta | undefined {
  const key = `${apiVersion}/${kind}`
  const hit = cache.get(key)
  if (hit) return hit
  const fields = Object.prototype.hasOwnProperty.call(kinds, apiVersion) ? kinds[apiVersion][kind] : undefined
  if (!fields || !Object.prototype.hasOwnProperty.call(kinds[apiVersion], kind)) return undefined
  const meta = patchMetaFromSpec(object({ metadata: object(objectMeta), ...fields }))
  cache.set(key, meta)
  return meta
}

/** Root metadata for any object with standard ObjectMeta and nothing else known. */
export const objectMetaOnlyPatchMeta: PatchMeta = patchMetaFromSpec(object({ metadata: object(objectMeta) }))

/** The apiVersion/kind pairs with built-in metadata, for tests and discovery. */
export function builtinPatchMetaKinds(): Array<{ apiVersion: string; kind: string }> {
  return Object.entries(kinds).flatMap(([apiVersion, byKind]) => Object.keys(byKind).map((kind) => ({ apiVersion, kind })))
}
