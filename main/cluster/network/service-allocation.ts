import type { Service, ServiceSpec } from 'kubernetes-types/core/v1'
import type { KubeObject } from '../apimachinery/types'
import * as errors from '../apimachinery/errors'
import type { FieldError } from '../apimachinery/field-errors'
import type { WriteHooks, WriteReservation } from '../registry/types'
import { AllocationError, ServiceIPAllocator } from './ip-allocator'
import { NodePortAllocator, defaultNodePortRange, type PortRange } from './port-allocator'

/**
 * The Service REST's allocation (pkg/registry/core/service/storage/alloc.go):
 * ClusterIPs from the service CIDR and node ports from the node port range,
 * reserved before the store write, released when the write fails, and old
 * values released once an update or delete went through. The allocators live
 * in memory and are rebuilt from the stored Services on first use, so a
 * restart never hands out an address or port twice.
 */
export interface ServiceAllocationOptions {
  serviceCIDR: string
  nodePorts?: PortRange
  /** Every stored Service; read once, on the first write. */
  listServices(): readonly KubeObject[]
  /** Random source for dynamic allocation (tests). */
  random?: () => number
}

export class ServiceAllocator {
  readonly ips: ServiceIPAllocator
  readonly ports: NodePortAllocator
  private loaded = false

  constructor(private readonly options: ServiceAllocationOptions) {
    this.ips = new ServiceIPAllocator(options.serviceCIDR, options.random)
    this.ports = new NodePortAllocator(options.nodePorts ?? defaultNodePortRange, options.random)
  }

  /** The hooks the services pipeline runs. */
  hooks(): WriteHooks {
    return {
      beforeCreate: (obj) => this.beforeCreate(obj as Service),
      beforeUpdate: (obj, old) => this.beforeUpdate(obj as Service, old as Service),
      afterDelete: (old) => this.afterDelete(old as Service)
    }
  }

  /** Marks what the stored Services hold (as the repair controllers do), once. */
  load(): void {
    if (this.loaded) return
    this.loaded = true
    for (const svc of this.options.listServices() as readonly Service[]) {
      const spec = svc.spec ?? {}
      for (const ip of clusterIPsOf(spec)) if (this.ips.contains(ip) && !this.ips.has(ip)) this.ips.allocate(ip)
      for (const port of nodePortsOf(spec)) if (!this.ports.has(port)) tryAllocatePort(this.ports, port)
    }
  }

  beforeCreate(svc: Service): WriteReservation | undefined {
    this.load()
    const tx = new Reservation()
    try {
      this.allocateClusterIP(svc, tx)
      this.allocateNodePorts(svc, new Set(), tx)
    } catch (e) {
      tx.revert()
      throw e
    }
    return tx
  }

  beforeUpdate(svc: Service, old: Service): WriteReservation | undefined {
    this.load()
    const spec = svc.spec ?? {}
    const os = old.spec ?? {}
    const tx = new Reservation()
    try {
      const oldIPs = clusterIPsOf(os)
      if (!oldIPs.length) this.allocateClusterIP(svc, tx)
      const newIPs = new Set(clusterIPsOf(spec))
      for (const ip of oldIPs) if (!newIPs.has(ip)) tx.onCommit(() => this.ips.release(ip))
      const oldPorts = new Set(nodePortsOf(os))
      this.allocateNodePorts(svc, oldPorts, tx)
      const newPorts = new Set(nodePortsOf(spec))
      for (const port of oldPorts) if (!newPorts.has(port)) tx.onCommit(() => this.ports.release(port))
    } catch (e) {
      tx.revert()
      throw e
    }
    return tx
  }

  afterDelete(old: Service): void {
    this.load()
    const spec = old.spec ?? {}
    for (const ip of clusterIPsOf(spec)) this.ips.release(ip)
    for (const port of nodePortsOf(spec)) this.ports.release(port)
  }

  /** allocClusterIPs: the requested address, or the next free one; none for headless and ExternalName Services. */
  private allocateClusterIP(svc: Service, tx: Reservation): void {
    const spec = svc.spec ?? {}
    if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return
    if (!spec.clusterIP) {
      let ip: string
      try {
        ip = this.ips.allocateNext()
      } catch (e) {
        throw errors.internalError(`failed to allocate a serviceIP: ${(e as Error).message}`)
      }
      tx.onRevert(() => this.ips.release(ip))
      spec.clusterIP = ip
      spec.clusterIPs = [ip, ...(spec.clusterIPs ?? []).slice(1)]
      return
    }
    const ip = spec.clusterIP
    try {
      this.ips.allocate(ip)
    } catch (e) {
      if (!(e instanceof AllocationError)) throw e
      const ips = spec.clusterIPs?.length ? spec.clusterIPs : [ip]
      throw invalid(svc, { type: 'FieldValueInvalid', field: 'spec.clusterIPs', detail: `${goStrings(ips)}: failed to allocate IP ${ip}: ${e.message}` })
    }
    tx.onRevert(() => this.ips.release(ip))
    if (!spec.clusterIPs?.length) spec.clusterIPs = [ip]
  }

  /**
   * Node ports for NodePort and LoadBalancer Services: requested ones
   * reserved, missing ones drawn; `held` are the ports the Service already
   * owns (an update). Two ports of one Service may share a node port (TCP and UDP).
   */
  private allocateNodePorts(svc: Service, held: Set<number>, tx: Reservation): void {
    const spec = svc.spec ?? {}
    const mine = new Set(held)
    if (needsNodePort(spec)) {
      ;(spec.ports ?? []).forEach((p, i) => {
        if (p.nodePort) {
          this.reservePort(svc, p.nodePort, `spec.ports[${i}].nodePort`, mine, tx)
          return
        }
        p.nodePort = this.nextPort(tx, 'nodePort')
        mine.add(p.nodePort)
      })
    }
    if (needsHealthCheck(spec)) {
      if (spec.healthCheckNodePort) this.reservePort(svc, spec.healthCheckNodePort, 'spec.healthCheckNodePort', mine, tx)
      else spec.healthCheckNodePort = this.nextPort(tx, 'healthCheck nodePort')
    }
  }

  private reservePort(svc: Service, port: number, fieldPath: string, mine: Set<number>, tx: Reservation): void {
    if (mine.has(port)) return
    try {
      this.ports.allocate(port)
    } catch (e) {
      if (!(e instanceof AllocationError)) throw e
      throw invalid(svc, { type: 'FieldValueInvalid', field: fieldPath, badValue: port, detail: e.message })
    }
    mine.add(port)
    tx.onRevert(() => this.ports.release(port))
  }

  private nextPort(tx: Reservation, what: string): number {
    let port: number
    try {
      port = this.ports.allocateNext()
    } catch (e) {
      throw errors.internalError(`failed to allocate a ${what}: ${(e as Error).message}`)
    }
    tx.onRevert(() => this.ports.release(port))
    return port
  }
}

/** Undo and commit steps collected while allocating for one write. */
class Reservation implements WriteReservation {
  private readonly undo: Array<() => void> = []
  private readonly done: Array<() => void> = []
  onRevert(fn: () => void): void {
    this.undo.push(fn)
  }
  onCommit(fn: () => void): void {
    this.done.push(fn)
  }
  commit(): void {
    for (const fn of this.done.splice(0)) fn()
    this.undo.length = 0
  }
  revert(): void {
    for (const fn of this.undo.splice(0).reverse()) fn()
    this.done.length = 0
  }
}

function invalid(svc: Service, e: FieldError): errors.StatusError {
  return errors.invalid({ group: '', kind: 'Service' }, svc.metadata?.name ?? '', [e])
}

/** A string slice as Go's %#v prints it in field errors: []string{"10.96.0.10"}. */
function goStrings(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`
}

function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
}

function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
}

/** The allocated cluster IPs of a Service (none for headless and ExternalName). */
export function clusterIPsOf(spec: ServiceSpec): string[] {
  if (spec.type === 'ExternalName') return []
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : []
  return ips.filter((ip) => ip && ip !== 'None')
}

/** The node ports a Service holds: its ports' nodePorts and its healthCheckNodePort. */
export function nodePortsOf(spec: ServiceSpec): number[] {
  const out = new Set<number>()
  for (const p of spec.ports ?? []) if (p.nodePort) out.add(p.nodePort)
  if (spec.healthCheckNodePort) out.add(spec.healthCheckNodePort)
  return [...out]
}

function tryAllocatePort(ports: NodePortAllocator, port: number): void {
  try {
    ports.allocate(port)
  } catch {
    // A stored port outside the range (the range changed): nothing to hold.
  }
}
