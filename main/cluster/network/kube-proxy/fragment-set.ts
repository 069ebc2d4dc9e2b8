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
  /** Shared-chain lines: table and chain → dport → destination ('' for none) → rules. */
  private readonly shared = new Map<string, Map<number, Map<string, ProxyRule[]>>>()

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
      const slot = this.slot(rule, true)!
      const list = slot.get(rule.match.destination ?? '')
      if (list) list.push(rule)
      else slot.set(rule.match.destination ?? '', [rule])
    }
  }

  /** Removes a fragment; true when it was there. */
  remove(key: string): boolean {
    const old = this.fragments.get(key)
    if (!old) return false
    this.fragments.delete(key)
    for (const chain of old.chainRules.keys()) this.chains.delete(chain)
    for (const rule of old.sharedRules) {
      const slot = this.slot(rule, false)
      const dst = rule.match.destination ?? ''
      const list = slot?.get(dst)
      if (!slot || !list) continue
      const rest = list.filter((r) => r !== rule)
      if (rest.length) slot.set(dst, rest)
      else slot.delete(dst)
    }
    return true
  }

  /** The rules of a chain a fragment owns (KUBE-SVC-..., KUBE-SEP-...). */
  chain(name: string): ProxyRule[] | undefined {
    return this.chains.get(name)
  }

  /** The lines of a shared chain that may match a packet to dst:dport (those with that destination, and those with none). */
  sharedCandidates(table: IptablesTable, chain: string, dst: string, dport: number): readonly ProxyRule[] {
    const slot = this.shared.get(`${table} ${chain}`)?.get(dport)
    if (!slot) return none
    const exact = slot.get(dst)
    const any = slot.get('')
    if (!exact) return any ?? none
    return any ? [...exact, ...any] : exact
  }

  /** The destination map of a rule's table, chain and port (created when asked to). */
  private slot(rule: ProxyRule, create: boolean): Map<string, ProxyRule[]> | undefined {
    const chainKey = `${rule.table} ${rule.chain}`
    let byPort = this.shared.get(chainKey)
    if (!byPort) {
      if (!create) return undefined
      this.shared.set(chainKey, (byPort = new Map()))
    }
    const port = rule.match.dport ?? -1
    let byDst = byPort.get(port)
    if (!byDst && create) byPort.set(port, (byDst = new Map()))
    return byDst
  }
}

const none: readonly ProxyRule[] = []
