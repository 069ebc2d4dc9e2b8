import { type PropertyNode, type TypeDef, defs, definitionName } from './model'

/**
 * The schemas of metrics.k8s.io/v1beta1 (NodeMetrics, PodMetrics and their
 * lists), the resource metrics API that metrics-server serves and
 * kube-apiserver aggregates: what its OpenAPI document and `kubectl explain
 * nodemetrics` show. Descriptions are ours.
 */

const v1beta1 = (kind: string): string => definitionName({ group: 'metrics.k8s.io', version: 'v1beta1', kind })
const gvk = (kind: string): TypeDef['gvk'] => [{ group: 'metrics.k8s.io', version: 'v1beta1', kind }]
const str = (description: string): PropertyNode => ({ type: 'string', description })
const ref = (name: string, description: string): PropertyNode => ({ ref: name, description })
const time = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time'

const typeMeta = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.')
}

const usage = (of: string): PropertyNode => ({
  type: 'object',
  additionalProperties: { ref: defs.quantity },
  description: `The resources ${of} uses, averaged over the window: cpu in cores (e.g. 250m) and memory in bytes (e.g. 64Mi, the working set).`
})

const measured = {
  timestamp: ref(time, 'When the usage was measured: the end of the window the figures are averaged over.'),
  window: str('How long the usage was averaged over, as a duration (e.g. 30s): from timestamp-window to timestamp.')
}

const list = (kind: string, what: string): TypeDef => ({
  description: `${kind}List is a list of ${what}.`,
  gvk: gvk(`${kind}List`),
  properties: {
    ...typeMeta,
    items: { type: 'array', items: { ref: v1beta1(kind) }, description: `The ${what}.` },
    metadata: ref(defs.listMeta, 'Standard list metadata.')
  },
  required: ['items']
})

export const metricsTypes: Record<string, TypeDef> = {
  [v1beta1('NodeMetrics')]: {
    description: 'NodeMetrics is the resource usage (CPU and memory) of a node, as measured by its kubelet and reported by the resource metrics pipeline. It is what `kubectl top node` shows.',
    gvk: gvk('NodeMetrics'),
    properties: {
      ...typeMeta,
      metadata: ref(defs.objectMeta, 'Standard object metadata: the name is the node\'s.'),
      ...measured,
      usage: usage('the node')
    },
    required: ['timestamp', 'window', 'usage']
  },
  [v1beta1('NodeMetricsList')]: list('NodeMetrics', 'the metrics of nodes'),
  [v1beta1('PodMetrics')]: {
    description: 'PodMetrics is the resource usage (CPU and memory) of the containers of a running pod, as measured by its node\'s kubelet and reported by the resource metrics pipeline. It is what `kubectl top pod` shows.',
    gvk: gvk('PodMetrics'),
    properties: {
      ...typeMeta,
      containers: { type: 'array', items: { ref: v1beta1('ContainerMetrics') }, description: 'The usage of each container of the pod.' },
      metadata: ref(defs.objectMeta, 'Standard object metadata: the name and namespace are the pod\'s.'),
      ...measured
    },
    required: ['timestamp', 'window', 'containers']
  },
  [v1beta1('PodMetricsList')]: list('PodMetrics', 'the metrics of pods'),
  [v1beta1('ContainerMetrics')]: {
    description: 'ContainerMetrics is the resource usage of one container of a pod.',
    properties: {
      name: str('The name of the container, as in the pod spec.'),
      usage: usage('the container')
    },
    required: ['name', 'usage']
  }
}
