import type { PacketTraceStatus, TraceAction, TraceHop, TraceNetwork } from '../../registry/kinds/packettrace'

/** A packet's addresses, `ip:port` each. */
export interface Addresses {
  src: string
  dst: string
}

export const endpoint = (ip: string, port: number): string => `${ip}:${port}`

/** Thrown to end a trace with a drop; the engine turns it into the status. */
export class Dropped extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

/** Collects hops as the engine walks a packet, and the verdict at the end. */
export class TraceBuilder {
  readonly hops: TraceHop[] = []

  hop(node: string, device: string, network: TraceNetwork, at: Addresses, action: TraceAction, rule: string): void {
    this.hops.push({ node, device, network, src: at.src, dst: at.dst, action, rule })
  }

  /** Records a drop hop and ends the trace with `reason`. */
  drop(node: string, device: string, network: TraceNetwork, at: Addresses, rule: string, reason: string): never {
    this.hop(node, device, network, at, 'drop', rule)
    throw new Dropped(reason)
  }

  delivered(reason: string): PacketTraceStatus {
    return { verdict: 'Delivered', reason, hops: this.hops }
  }

  dropped(reason: string): PacketTraceStatus {
    return { verdict: 'Dropped', reason, hops: this.hops }
  }
}
