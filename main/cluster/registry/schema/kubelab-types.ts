import { type PropertyNode, type TypeDef, defs, definitionName } from './model'

/**
 * The schemas of Kubelab's own kinds (group kubelab.dev), in the same model
 * as the generated Kubernetes types: what strict field validation walks and
 * what OpenAPI and `kubectl explain` show.
 */

const v1alpha1 = (kind: string): string => definitionName({ group: 'kubelab.dev', version: 'v1alpha1', kind })
const str = (description: string): PropertyNode => ({ type: 'string', description })
const int = (description: string): PropertyNode => ({ type: 'integer', format: 'int32', description })
const ref = (name: string, description: string): PropertyNode => ({ ref: name, description })

const typeMeta = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.'),
  metadata: ref(defs.objectMeta, 'Standard object metadata.')
}

export const kubelabTypes: Record<string, TypeDef> = {
  [v1alpha1('PacketTrace')]: {
    description: 'PacketTrace asks how a packet travels from a source to a destination, hop by hop across the Node, Pod and Cluster IP networks. It is create-only: the response carries the answer in status; nothing is stored.',
    gvk: [{ group: 'kubelab.dev', version: 'v1alpha1', kind: 'PacketTrace' }],
    properties: {
      ...typeMeta,
      spec: ref(v1alpha1('PacketTraceSpec'), 'Where the packet starts, where it goes, and its protocol.'),
      status: ref(v1alpha1('PacketTraceStatus'), 'The answer: the verdict, its reason and every hop.')
    },
    required: ['spec']
  },
  [v1alpha1('PacketTraceSpec')]: {
    description: 'PacketTraceSpec is the question a PacketTrace asks.',
    properties: {
      destination: ref(v1alpha1('PacketTraceDestination'), 'Where the packet goes.'),
      protocol: str('TCP (default) or UDP.'),
      source: ref(v1alpha1('PacketTraceSource'), 'Where the packet starts: exactly one of pod, node or external.')
    },
    required: ['source', 'destination']
  },
  [v1alpha1('PacketTraceSource')]: {
    description: 'PacketTraceSource is where a packet starts: exactly one of its fields is set.',
    properties: {
      external: { type: 'boolean', description: 'A client outside the cluster.' },
      node: str("A node's host network, by node name."),
      pod: str("A pod's network namespace, as <namespace>/<name>.")
    }
  },
  [v1alpha1('PacketTraceDestination')]: {
    description: 'PacketTraceDestination is where a packet goes: an address or a pod, and a port.',
    properties: {
      address: str('A DNS name, a Service name (resolved from the source pod\'s namespace) or an IP address.'),
      pod: str('A pod, as <namespace>/<name>.'),
      port: int('The destination port.')
    },
    required: ['port']
  },
  [v1alpha1('PacketTraceStatus')]: {
    description: 'PacketTraceStatus is the answer of a PacketTrace.',
    properties: {
      hops: { type: 'array', items: { ref: v1alpha1('PacketTraceHop') }, description: 'Every step of the packet, in order.' },
      reason: str('One plain sentence: why the packet was delivered or dropped.'),
      verdict: str('Delivered or Dropped.')
    }
  },
  [v1alpha1('PacketTraceHop')]: {
    description: 'PacketTraceHop is one step of a traced packet.',
    properties: {
      action: str('What happened: resolve, dnat, snat, route, encapsulate, decapsulate, bridge, deliver, drop, reply, undnat.'),
      device: str('The device (eth0, a veth, cni0, flannel.1) or netfilter hook where it happened.'),
      dst: str('The destination ip:port after this hop.'),
      network: str('The network the packet is on after this hop: Node, Pod or Cluster.'),
      node: str('The node the hop happens on; "external" outside the cluster.'),
      rule: str('What decided: the DNS answer, the iptables chain and rule, the route, the NetworkPolicy or the object.'),
      src: str('The source ip:port after this hop.')
    }
  },
  [v1alpha1('TrafficGenerator')]: {
    description: 'TrafficGenerator sends requests at a steady rate from a source to a destination through the network model, so endpoints get load (CPU, access logs) and the topology shows per-edge rates.',
    gvk: [{ group: 'kubelab.dev', version: 'v1alpha1', kind: 'TrafficGenerator' }],
    properties: {
      ...typeMeta,
      spec: ref(v1alpha1('TrafficGeneratorSpec'), 'Where the requests start and go, and how many per second.'),
      status: ref(v1alpha1('TrafficGeneratorStatus'), 'Counters and per-edge rates.')
    }
  },
  [v1alpha1('TrafficGeneratorList')]: {
    description: 'TrafficGeneratorList is a list of TrafficGenerator objects.',
    gvk: [{ group: 'kubelab.dev', version: 'v1alpha1', kind: 'TrafficGeneratorList' }],
    properties: {
      apiVersion: typeMeta.apiVersion,
      items: { type: 'array', items: { ref: v1alpha1('TrafficGenerator') }, description: 'The generators.' },
      kind: typeMeta.kind,
      metadata: ref(defs.listMeta, 'Standard list metadata.')
    },
    required: ['items']
  },
  [v1alpha1('TrafficGeneratorSpec')]: {
    description: 'TrafficGeneratorSpec: a PacketTrace question plus a rate.',
    properties: {
      destination: ref(v1alpha1('PacketTraceDestination'), 'Where the requests go.'),
      path: str('The HTTP path requested (default /).'),
      protocol: str('TCP (default) or UDP.'),
      rate: { type: 'number', format: 'double', description: 'Requests per second (0 pauses the generator).' },
      source: ref(v1alpha1('PacketTraceSource'), 'Where the requests start: exactly one of pod, node or external.')
    },
    required: ['source', 'destination', 'rate']
  },
  [v1alpha1('TrafficGeneratorStatus')]: {
    description: 'TrafficGeneratorStatus counts the requests and reports where they went.',
    properties: {
      delivered: { type: 'integer', format: 'int64', description: 'Requests delivered to a listening process.' },
      dropped: { type: 'integer', format: 'int64', description: 'Requests dropped on the way.' },
      edges: { type: 'array', items: { ref: v1alpha1('TrafficEdge') }, description: 'Per source-to-endpoint rates over the last report period.' },
      lastDropReason: str('Why the last dropped request was dropped.'),
      observedGeneration: { type: 'integer', format: 'int64', description: 'The generation the counters were reported for.' },
      sent: { type: 'integer', format: 'int64', description: 'Requests sent.' }
    }
  },
  [v1alpha1('TrafficEdge')]: {
    description: 'TrafficEdge is one source-to-endpoint edge and its rate.',
    properties: {
      destination: str('The receiving pod, <namespace>/<name>.'),
      rate: { type: 'number', format: 'double', description: 'Requests per second delivered along this edge.' },
      service: str('The Service the requests went through, <namespace>/<name>.'),
      source: str('The sender: <namespace>/<pod>, node/<name> or external.')
    }
  }
}
