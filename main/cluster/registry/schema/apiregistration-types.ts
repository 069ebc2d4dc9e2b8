import { type PropertyNode, type TypeDef, defs, definitionName } from './model'

/**
 * The schemas of apiregistration.k8s.io/v1 (APIService and its parts), which
 * kube-aggregator defines and kubernetes-types does not carry: what the
 * OpenAPI documents, strict field validation and `kubectl explain
 * apiservice` read. Descriptions are ours.
 */

const v1 = (kind: string): string => definitionName({ group: 'apiregistration.k8s.io', version: 'v1', kind })
const gvk = (kind: string): TypeDef['gvk'] => [{ group: 'apiregistration.k8s.io', version: 'v1', kind }]
const str = (description: string): PropertyNode => ({ type: 'string', description })
const int32 = (description: string): PropertyNode => ({ type: 'integer', format: 'int32', description })
const ref = (name: string, description: string): PropertyNode => ({ ref: name, description })

const typeMeta = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.')
}

export const apiregistrationTypes: Record<string, TypeDef> = {
  [v1('APIService')]: {
    description: 'APIService names the server that answers one API group and version: kube-apiserver itself (Local, no service) or an aggregated API server behind a Service.',
    gvk: gvk('APIService'),
    properties: {
      ...typeMeta,
      metadata: ref(defs.objectMeta, 'Standard object metadata; the name is `<version>.<group>`.'),
      spec: ref(v1('APIServiceSpec'), 'Which group and version, who serves it, and how it ranks in discovery.'),
      status: ref(v1('APIServiceStatus'), 'Whether the server is available, as the availability controller last saw it.')
    }
  },
  [v1('APIServiceList')]: {
    description: 'APIServiceList is a list of APIServices.',
    gvk: gvk('APIServiceList'),
    properties: {
      ...typeMeta,
      items: { type: 'array', items: { ref: v1('APIService') }, description: 'The APIServices.' },
      metadata: ref(defs.listMeta, 'Standard list metadata.')
    },
    required: ['items']
  },
  [v1('APIServiceSpec')]: {
    description: 'APIServiceSpec says which group and version an APIService is for, where its server is, and how the group ranks among others.',
    properties: {
      caBundle: { type: 'string', format: 'byte', description: 'PEM CA bundle that signs the aggregated server\'s serving certificate; empty for a Local APIService.' },
      group: str('The API group served; empty only for the legacy core group.'),
      groupPriorityMinimum: int32('The least priority this group should have in discovery; groups with higher values are listed first (kube-apiserver\'s own run from about 15000 to 18000).'),
      insecureSkipTLSVerify: { type: 'boolean', description: 'Whether to skip checking the aggregated server\'s certificate; not allowed with a caBundle.' },
      service: ref(v1('ServiceReference'), 'The Service in front of the aggregated API server; absent when kube-apiserver serves the group itself (Local).'),
      version: str('The API version served, e.g. v1 or v1beta1.'),
      versionPriority: int32('How this version ranks among the versions of its group: the highest is preferred.')
    },
    required: ['groupPriorityMinimum', 'versionPriority']
  },
  [v1('APIServiceStatus')]: {
    description: 'APIServiceStatus holds what the availability controller found.',
    properties: {
      conditions: { type: 'array', items: { ref: v1('APIServiceCondition') }, description: 'The current conditions; Available says whether requests for the group and version can be served.' }
    }
  },
  [v1('APIServiceCondition')]: {
    description: 'APIServiceCondition is one observation about an APIService.',
    properties: {
      lastTransitionTime: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'When the condition last changed status.'),
      message: str('A human-readable account of the last transition.'),
      reason: str('A one-word CamelCase reason for the last transition, e.g. Local or ServiceNotFound.'),
      status: str('True, False or Unknown.'),
      type: str('The condition type: Available.')
    },
    required: ['type', 'status']
  },
  [v1('ServiceReference')]: {
    description: 'ServiceReference names a Service by namespace and name, with the port its server listens on.',
    properties: {
      name: str('The name of the Service.'),
      namespace: str('The namespace of the Service.'),
      port: int32('The Service port the aggregated server is reached on; 443 when not set.')
    }
  }
}
