import { describe, expect, it } from 'vitest'
import type { Service } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { serviceDefinition as def } from '../../../main/cluster/registry/kinds/service'

function svc(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec }
  } as Service
}

function create(s: Service): { obj: Service; errors: string[] } {
  const obj = structuredClone(s)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

/** As the network component would leave a created service: with its cluster IP allocated. */
function allocated(s: Service, ip = '10.96.0.10', nodePorts: number[] = []): Service {
  const obj = create(s).obj
  if (obj.spec!.type !== 'ExternalName' && obj.spec!.clusterIP !== 'None') {
    obj.spec!.clusterIP = ip
    obj.spec!.clusterIPs = [ip]
  }
  nodePorts.forEach((n, i) => (obj.spec!.ports![i].nodePort = n))
  return obj
}

function update(old: Service, change: (s: Service) => void): { obj: Service; errors: string[] } {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  def.prepareForUpdate!(obj, old)
  return { obj, errors: def.validateUpdate!(obj, old).map(fieldErrorString) }
}

describe('Service names and discovery', () => {
  it('is services/svc, in category all, with status', () => {
    expect([def.kind, def.plural, def.singular, def.shortNames, def.categories, def.namespaced, def.hasStatus]).toEqual(['Service', 'services', 'service', ['svc'], ['all'], true, true])
  })
})

describe('Service defaults', () => {
  it('fills a minimal ClusterIP service', () => {
    const { obj, errors } = create(svc())
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4']
    })
    expect(obj.status).toEqual({ loadBalancer: {} })
  })

  it('keeps a named targetPort', () => {
    expect(create(svc({ ports: [{ port: 80, targetPort: 'http' }] })).obj.spec!.ports![0].targetPort).toBe('http')
  })

  it('gives NodePort services externalTrafficPolicy Cluster', () => {
    const { obj } = create(svc({ type: 'NodePort' }))
    expect(obj.spec!.externalTrafficPolicy).toBe('Cluster')
    expect(obj.spec!.internalTrafficPolicy).toBe('Cluster')
    expect(obj.spec!.allocateLoadBalancerNodePorts).toBeUndefined()
  })

  it('gives LoadBalancer services node port allocation and externalTrafficPolicy', () => {
    const { obj, errors } = create(svc({ type: 'LoadBalancer' }))
    expect(errors).toEqual([])
    expect(obj.spec!.allocateLoadBalancerNodePorts).toBe(true)
    expect(obj.spec!.externalTrafficPolicy).toBe('Cluster')
  })

  it('gives ClusterIP services with externalIPs an externalTrafficPolicy', () => {
    expect(create(svc({ externalIPs: ['192.0.2.10'] })).obj.spec!.externalTrafficPolicy).toBe('Cluster')
  })

  it('gives ClientIP affinity the three-hour timeout', () => {
    expect(create(svc({ sessionAffinity: 'ClientIP' })).obj.spec!.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } })
  })

  it('fills clusterIPs from clusterIP', () => {
    const { obj, errors } = create(svc({ clusterIP: '10.96.0.20' }))
    expect(errors).toEqual([])
    expect(obj.spec!.clusterIPs).toEqual(['10.96.0.20'])
  })

  it('makes headless services without selector RequireDualStack', () => {
    const { obj, errors } = create(svc({ clusterIP: 'None', selector: undefined, ports: undefined }))
    expect(errors).toEqual([])
    expect(obj.spec!.ipFamilyPolicy).toBe('RequireDualStack')
    expect(obj.spec!.ipFamilies).toEqual(['IPv4'])
  })

  it('leaves ExternalName services without IP fields or internalTrafficPolicy', () => {
    const { obj, errors } = create(svc({ type: 'ExternalName', externalName: 'db.example.com', selector: undefined, ports: undefined }))
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' })
  })
})

describe('Service validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no ports', { ports: [] }, ['spec.ports: Required value']],
    ['port 0', { ports: [{ port: 0 }] }, ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['port too big', { ports: [{ port: 65536, targetPort: 80 }] }, ['spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive']],
    ['unknown protocol', { ports: [{ port: 80, protocol: 'HTTP' }] }, ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
    ['several ports, one unnamed', { ports: [{ name: 'http', port: 80 }, { port: 443 }] }, ['spec.ports[1].name: Required value']],
    ['duplicate port names', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] }, ['spec.ports[1].name: Duplicate value: "http"']],
    [
      'port name not a DNS label',
      { ports: [{ name: 'HTTP', port: 80 }] },
      [
        `spec.ports[0].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
      ]
    ],
    ['bad targetPort name', { ports: [{ port: 80, targetPort: 'http--web' }] }, ['spec.ports[0].targetPort: Invalid value: "http--web": must not contain consecutive hyphens']],
    ['unknown type', { type: 'Internal' }, ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ['unknown affinity', { sessionAffinity: 'Cookie' }, ['spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"']],
    [
      'affinity timeout too long',
      { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } },
      ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400']
    ],
    ['nodePort on a ClusterIP service', { ports: [{ port: 80, nodePort: 30080 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    [
      'duplicate port and protocol',
      { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] },
      ['spec.ports[1]: Duplicate value: {"protocol":"TCP","port":80}']
    ],
    [
      'same port on TCP and UDP is fine',
      { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] },
      []
    ],
    [
      'bad selector value',
      { selector: { app: 'web app' } },
      [
        `spec.selector: Invalid value: "web app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`
      ]
    ],
    ['clusterIP not an IP', { clusterIP: '10.96.0.300' }, ['spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['headless NodePort', { type: 'NodePort', clusterIP: 'None' }, ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"]],
    ['ExternalName without a name', { type: 'ExternalName', selector: undefined }, ['spec.externalName: Required value']],
    [
      'ExternalName with a clusterIP',
      { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.5' },
      ['spec.clusterIPs: Forbidden: may not be set for ExternalName services']
    ],
    ['externalTrafficPolicy on a plain ClusterIP service', { externalTrafficPolicy: 'Local' }, ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']],
    ['unknown internalTrafficPolicy', { internalTrafficPolicy: 'Zone' }, ['spec.internalTrafficPolicy: Unsupported value: "Zone": supported values: "Cluster", "Local"']],
    ['loopback external IP', { externalIPs: ['127.0.0.1'] }, ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ['source ranges on a ClusterIP service', { loadBalancerSourceRanges: ['10.0.0.0/8'] }, ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ['bad source range', { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33'] }, ['spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['loadBalancerClass on NodePort', { type: 'NodePort', loadBalancerClass: 'example.com/lb' }, ["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ['IPv6 family on an IPv4 address', { clusterIP: '10.96.0.9', ipFamilies: ['IPv6'] }, ['spec.clusterIPs[0]: Invalid value: "10.96.0.9": expected an IPv6 value as indicated by `ipFamilies[0]`']],
    ['unknown ipFamilyPolicy', { ipFamilyPolicy: 'DualStack' }, ['spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"']]
  ])('%s', (_n, spec, expected) => {
    expect(create(svc(spec)).errors).toEqual(expected)
  })

  it('validates the name as a DNS-1035 label', () => {
    expect(create(svc({}, { name: '1web' })).errors).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`
    ])
  })

  it('accepts headless services and selector-less services', () => {
    expect(create(svc({ clusterIP: 'None' })).errors).toEqual([])
    expect(create(svc({ selector: undefined })).errors).toEqual([])
  })

  it('accepts a NodePort service with a chosen nodePort', () => {
    expect(create(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).errors).toEqual([])
  })
})

describe('Service updates', () => {
  const stored = allocated(svc())

  it('keeps the allocated clusterIP when a replace leaves it out', () => {
    const { obj, errors } = update(stored, (s) => {
      delete s.spec!.clusterIP
      delete s.spec!.clusterIPs
      delete s.spec!.ipFamilies
      delete s.spec!.ipFamilyPolicy
    })
    expect(errors).toEqual([])
    expect([obj.spec!.clusterIP, obj.spec!.clusterIPs, obj.spec!.ipFamilies, obj.spec!.ipFamilyPolicy]).toEqual(['10.96.0.10', ['10.96.0.10'], ['IPv4'], 'SingleStack'])
  })

  it('may not change the clusterIP', () => {
    const { errors } = update(stored, (s) => {
      s.spec!.clusterIP = '10.96.0.11'
      s.spec!.clusterIPs = ['10.96.0.11']
    })
    expect(errors).toEqual(['spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set'])
  })

  it('keeps allocated node ports on replace', () => {
    const np = allocated(svc({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] }), '10.96.0.12', [30080])
    const { obj, errors } = update(np, (s) => delete s.spec!.ports![0].nodePort)
    expect(errors).toEqual([])
    expect(obj.spec!.ports![0].nodePort).toBe(30080)
  })

  it('drops node ports and externalTrafficPolicy when going back to ClusterIP', () => {
    const np = allocated(svc({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] }), '10.96.0.12', [30080])
    const { obj, errors } = update(np, (s) => (s.spec!.type = 'ClusterIP'))
    expect(errors).toEqual([])
    expect(obj.spec!.ports![0].nodePort).toBeUndefined()
    expect(obj.spec!.externalTrafficPolicy).toBeUndefined()
  })

  it('drops the cluster IP fields when becoming ExternalName', () => {
    const { obj, errors } = update(stored, (s) => {
      s.spec!.type = 'ExternalName'
      s.spec!.externalName = 'db.example.com'
    })
    expect(errors).toEqual([])
    expect(obj.spec!.clusterIP).toBeUndefined()
    expect(obj.spec!.clusterIPs).toBeUndefined()
    expect(obj.spec!.ipFamilies).toBeUndefined()
    expect(obj.spec!.ipFamilyPolicy).toBeUndefined()
  })

  it('keeps the status through a spec update', () => {
    const lb = allocated(svc({ type: 'LoadBalancer' })) as Service & { status: object }
    lb.status = { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }] } }
    const { obj } = update(lb, (s) => ((s as { status: unknown }).status = {}))
    expect(obj.status).toEqual(lb.status)
  })

  it('checks load balancer status writes', () => {
    const lb = allocated(svc({ type: 'LoadBalancer' })) as Service & { status: object }
    lb.status = { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } }
    expect(def.validateStatusUpdate!(lb, lb).map(fieldErrorString)).toEqual(['status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set'])
    const cip = allocated(svc()) as Service & { status: object }
    cip.status = { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }] } }
    expect(def.validateStatusUpdate!(cip, cip).map(fieldErrorString)).toEqual(["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"])
  })
})

describe('Service field selectors', () => {
  it('selects on clusterIP and type', () => {
    expect(def.selectableFields!(allocated(svc()))).toEqual({ 'spec.clusterIP': '10.96.0.10', 'spec.type': 'ClusterIP' })
  })
})
