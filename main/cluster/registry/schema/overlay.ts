import type { PropertyNode, SchemaModel, TypeDef } from './model'

/**
 * What Kubernetes 1.31 and 1.32 changed in the served kinds since the
 * generated model's source (kubernetes-types 1.30): added fields and types,
 * the removed alpha `PodResourceClaim.source`, and fields that became
 * required. Structure only; the descriptions are our own short words.
 */
export interface SchemaOverlay {
  /** New named types. */
  addTypes: Record<string, TypeDef>
  /** New fields of existing types, by type name. */
  addProperties: Record<string, Record<string, PropertyNode>>
  /** Removed fields, as `<type>.<field>`. */
  removeProperties: string[]
  /** Removed types (no longer reachable). */
  removeTypes: string[]
  /** Fields that became required, by type name. */
  addRequired: Record<string, string[]>
  /** Descriptions for types the source left undocumented, by type name. */
  typeDescriptions: Record<string, string>
  /** Descriptions for fields the source left undocumented, by type name and field. */
  fieldDescriptions: Record<string, Record<string, string>>
}

const core = 'io.k8s.api.core.v1'
const str = (description: string): PropertyNode => ({ type: 'string', description })
const ref = (name: string, description: string): PropertyNode => ({ ref: name, description })
const authz = 'io.k8s.api.authorization.v1'

/** FieldSelectorAttributes or LabelSelectorAttributes (authorization.k8s.io/v1, new in 1.31). */
function selectorAttributes(kind: 'field' | 'label', requirement: string): TypeDef {
  return {
    description: `${kind === 'field' ? 'FieldSelectorAttributes' : 'LabelSelectorAttributes'} is the ${kind} selector of an access review, as a raw selector or as requirements (not both).`,
    properties: {
      rawSelector: str(`The ${kind} selector as a query string would carry it.`),
      requirements: { type: 'array', items: { ref: requirement }, description: `The parsed ${kind} selector requirements.` }
    }
  }
}

/** The 1.31/1.32 changes to the types of the served kinds. */
export const overlay132: SchemaOverlay = {
  addTypes: {
    [`${core}.ContainerUser`]: {
      description: 'ContainerUser is the identity the first process of a container runs as.',
      properties: { linux: ref(`${core}.LinuxContainerUser`, 'The Linux user and groups of the process (Linux containers only).') }
    },
    [`${core}.LinuxContainerUser`]: {
      description: 'LinuxContainerUser is the Linux uid, gid and supplemental groups of a container process.',
      properties: {
        gid: { type: 'integer', format: 'int64', description: 'The primary group id of the process.' },
        supplementalGroups: { type: 'array', items: { type: 'integer', format: 'int64' }, description: 'The supplemental group ids attached to the process.' },
        uid: { type: 'integer', format: 'int64', description: 'The user id of the process.' }
      },
      required: ['uid', 'gid']
    },
    [`${core}.ResourceStatus`]: {
      description: 'ResourceStatus reports the health of the devices allocated to a container for one resource.',
      properties: {
        name: str('Name of the resource, as in the container resources or a resource claim.'),
        resources: {
          type: 'array',
          items: { ref: `${core}.ResourceHealth` },
          description: 'Health of each allocated device, keyed by resourceID.'
        }
      },
      required: ['name']
    },
    [`${core}.ResourceHealth`]: {
      description: 'ResourceHealth is the health of one allocated device.',
      properties: {
        health: str('Healthy, Unhealthy or Unknown.'),
        resourceID: str('The unique identifier of the device, as reported by its device plugin or driver.')
      },
      required: ['resourceID']
    },
    [`${core}.NodeFeatures`]: {
      description: 'NodeFeatures lists the optional features the node implementation supports.',
      properties: { supplementalGroupsPolicy: { type: 'boolean', description: 'Whether the node honours PodSecurityContext.supplementalGroupsPolicy.' } }
    },
    [`${core}.ImageVolumeSource`]: {
      description: 'ImageVolumeSource mounts the content of an OCI image or artifact as a read-only volume.',
      properties: {
        pullPolicy: str('When to pull the image: Always, Never or IfNotPresent.'),
        reference: str('The image or artifact reference to mount, as for a container image.')
      }
    },
    [`${authz}.FieldSelectorAttributes`]: selectorAttributes('field', 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement'),
    [`${authz}.LabelSelectorAttributes`]: selectorAttributes('label', 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement'),
    'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement': {
      description: 'FieldSelectorRequirement is a selector that contains values, a key, and an operator that relates the key and values.',
      properties: {
        key: str('The field selector key that the requirement applies to.'),
        operator: str('How the key relates to the values: In, NotIn, Exists or DoesNotExist.'),
        values: { type: 'array', items: { type: 'string' }, description: 'The values: non-empty for In and NotIn, empty for Exists and DoesNotExist.' }
      },
      required: ['key', 'operator']
    }
  },
  addProperties: {
    // Not new: kubernetes-types drops the fields RuleWithOperations embeds from Rule.
    'io.k8s.api.admissionregistration.v1.RuleWithOperations': {
      resources: { type: 'array', items: { type: 'string' }, description: 'The resources this rule applies to (`pods`, `pods/status`, `*`, `*/scale`).' },
      scope: str('Which scope this rule applies to: Cluster, Namespaced or * (the default).')
    },
    [`${core}.ContainerStatus`]: {
      allocatedResourcesStatus: {
        type: 'array',
        items: { ref: `${core}.ResourceStatus` },
        description: 'Health of the resources allocated to this container, one entry per resource name.'
      },
      user: ref(`${core}.ContainerUser`, 'The identity the container process runs as, as the runtime reports it.')
    },
    [`${core}.NodeRuntimeHandlerFeatures`]: {
      userNamespaces: { type: 'boolean', description: 'Whether the runtime handler supports user namespaces for volumes.' }
    },
    [`${core}.NodeStatus`]: {
      features: ref(`${core}.NodeFeatures`, 'The optional features this node implements.')
    },
    [`${core}.PodResourceClaim`]: {
      resourceClaimName: str('The name of an existing ResourceClaim in the pod namespace.'),
      resourceClaimTemplateName: str('The name of a ResourceClaimTemplate from which a claim is made for this pod.')
    },
    [`${core}.PodSecurityContext`]: {
      seLinuxChangePolicy: str('How the SELinux label of volumes is applied: Recursive or MountOption.'),
      supplementalGroupsPolicy: str('How the supplemental groups of the first process are computed: Merge or Strict.')
    },
    [`${core}.PodSpec`]: {
      resources: ref(`${core}.ResourceRequirements`, 'Resources for the pod as a whole (pod-level requests and limits).')
    },
    [`${core}.ResourceClaim`]: {
      request: str('The name of one request of the claim to use; empty means all of them.')
    },
    [`${core}.Volume`]: {
      image: ref(`${core}.ImageVolumeSource`, 'An OCI image or artifact mounted read-only in the pod.')
    },
    'io.k8s.api.coordination.v1.LeaseSpec': {
      preferredHolder: str('The holder the coordinated leader election strategy prefers to hand the lease to.'),
      strategy: str('The strategy for picking the leader in coordinated leader election.')
    },
    [`${authz}.ResourceAttributes`]: {
      fieldSelector: ref(`${authz}.FieldSelectorAttributes`, 'Limits the access asked about to objects matching this field selector.'),
      labelSelector: ref(`${authz}.LabelSelectorAttributes`, 'Limits the access asked about to objects matching this label selector.')
    },
    // kubernetes-types leaves these two fields out of ResourceRule.
    [`${authz}.ResourceRule`]: {
      resources: { type: 'array', items: { type: 'string' }, description: 'The resources the rule applies to; "*" means all, "*/foo" the subresource foo of all.' },
      verbs: { type: 'array', items: { type: 'string' }, description: 'The API verbs the rule allows, like get, list, watch, create; "*" means all.' }
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
      ignoreStoreReadErrorWithClusterBreakingPotential: {
        type: 'boolean',
        description: 'Delete the object even though it cannot be read from storage (unsafe: skips finalizers and preconditions).'
      }
    }
  },
  removeProperties: [`${core}.PodResourceClaim.source`],
  removeTypes: [`${core}.ClaimSource`],
  addRequired: {
    [`${core}.HostAlias`]: ['ip'],
    [`${core}.HostIP`]: ['ip'],
    [`${core}.PodIP`]: ['ip'],
    [`${authz}.ResourceRule`]: ['verbs']
  },
  typeDescriptions: {
    [`${core}.GRPCAction`]: 'GRPCAction probes a gRPC port with the standard gRPC health checking protocol.',
    [`${core}.PortStatus`]: 'PortStatus is the state of one port of a service load balancer.',
    [`${core}.TypedObjectReference`]: 'TypedObjectReference points to an object of a given API group and kind, possibly in another namespace.'
  },
  fieldDescriptions: {
    [`${core}.NamespaceCondition`]: {
      lastTransitionTime: 'When the condition last changed from one status to another.',
      message: 'A human-readable explanation of the condition.',
      reason: 'A one-word CamelCase reason for the last transition of the condition.'
    },
    [`${core}.PersistentVolumeClaimCondition`]: {
      status: 'True, False or Unknown.',
      type: 'The condition type, e.g. Resizing or FileSystemResizePending.'
    },
    [`${core}.PodDNSConfigOption`]: {
      value: 'The value of the resolver option, if it takes one.'
    }
  }
}

function sortedProperties(props: Record<string, PropertyNode>): Record<string, PropertyNode> {
  const out: Record<string, PropertyNode> = {}
  for (const k of Object.keys(props).sort()) out[k] = props[k]
  return out
}

/** A copy of the model with the overlay applied; throws when the overlay names something the model lacks. */
export function applyOverlay(model: SchemaModel, overlay: SchemaOverlay): SchemaModel {
  const types: Record<string, TypeDef> = {}
  for (const [name, def] of Object.entries(model.types)) types[name] = { ...def, ...(def.properties ? { properties: { ...def.properties } } : {}) }
  for (const name of overlay.removeTypes) delete types[name]
  for (const [name, def] of Object.entries(overlay.addTypes)) types[name] = def
  const existing = (name: string): TypeDef => {
    const def = types[name]
    if (!def?.properties) throw new Error(`schema overlay: no type ${name}`)
    return def
  }
  for (const [name, props] of Object.entries(overlay.addProperties)) {
    const def = existing(name)
    def.properties = sortedProperties({ ...def.properties, ...props })
  }
  for (const path of overlay.removeProperties) {
    const dot = path.lastIndexOf('.')
    const def = existing(path.slice(0, dot))
    const field = path.slice(dot + 1)
    delete def.properties![field]
    if (def.required) def.required = def.required.filter((f) => f !== field)
  }
  for (const [name, fields] of Object.entries(overlay.addRequired)) {
    const def = existing(name)
    def.required = [...(def.required ?? []), ...fields.filter((f) => !def.required?.includes(f))]
  }
  for (const [name, description] of Object.entries(overlay.typeDescriptions)) {
    if (!types[name]) throw new Error(`schema overlay: no type ${name}`)
    types[name].description ??= description
  }
  for (const [name, fields] of Object.entries(overlay.fieldDescriptions)) {
    const def = existing(name)
    for (const [field, description] of Object.entries(fields)) {
      const prop = def.properties![field]
      if (!prop) throw new Error(`schema overlay: no field ${name}.${field}`)
      if (!prop.description) def.properties![field] = { ...prop, description }
    }
  }
  return { source: `${model.source} + overlay`, types }
}
