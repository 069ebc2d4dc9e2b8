import type { ServiceFragment } from './service-rules'
import type { IptablesTable, ProxyRule } from './types'

/**
 * A set of service fragments with the indexes a packet walk needs: the
 * owned chains by name, and the lines of the shared chains (KUBE-SERVICES,
 * KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES) by destination, port and protocol,
 * so matching a packet never scans ten thousand services. Replacing one
 * fragment touches only its own entries.
 */
export class FragmentSet {
  private readonly fragments = new Map<string, ServiceFragment>()
  private readonly chains = new Map<string, ProxyRule[]>()
  private readonly shared = new Map<string, ProxyRule[]>()

  get size(): number {
    return this.fragments.size
  }

  get(key: string): ServiceFragment | undefined {
    return this.fragments.get(key)
  }

  values(): IterableIterator<ServiceFragment> {
    return this.fragments.values()
  }

  /** Adds or replaces the fragment with its key. */
  put(fragment: ServiceFragment): void {
    this.remove(fragment.key)
    this.fragments.set(fragment.key, fragment)
    for (const [chain, rules] of fragment.chainRules) this.chains.set(chain, rules)
    for (const rule of fragment.sharedRules) {
      const key = sharedKey(rule.table, rule.chain, rule.match.destination, rule.match.dport, rule.match.protocol)
      const list = this.shared.get(key)
      if (list) list.push(rule)
      else this.shared.set(key, [rule])
    }
  }

  /** Removes a fragment; true when it was there. */
  remove(key: string): boolean {
    const old = this.fragments.get(key)
    if (!old) return false
    this.fragments.delete(key)
    for (const chain of old.chainRules.keys()) this.chains.delete(chain)
    for (const rule of old.sharedRules) {
      const k = sharedKey(rule.table, rule.chain, rule.match.destination, rule.match.dport, rule.match.protocol)
      const list = this.shared.get(k)
      if (!list) continue
      const rest = list.filter((r) => r !== rule)
      if (rest.length) this.shared.set(k, rest)
      else this.shared.delete(k)
    }
    return true
  }

  /** The rules of a chain a fragment owns (KUBE-SVC-..., KUBE-SEP-...). */
  chain(name: string): ProxyRule[] | undefined {
    return this.chains.get(name)
  }

  /** The lines of a shared chain that may match a packet to dst:dport (those with that destination, and those with none). */
  sharedCandidates(table: IptablesTable, chain: string, dst: string, dport: number, protocol: string): ProxyRule[] {
    const exact = this.shared.get(sharedKey(table, chain, dst, dport, protocol))
    const any = this.shared.get(sharedKey(table, chain, undefined, dport, protocol))
    if (!exact) return any ?? []
    return any ? [...exact, ...any] : exact
  }
}

function sharedKey(table: IptablesTable, chain: string, destination: string | undefined, dport: number | undefined, protocol: string | undefined): string {
  return `${table} ${chain} ${destination ?? '*'} ${dport ?? '*'} ${protocol ?? '*'}`
}
