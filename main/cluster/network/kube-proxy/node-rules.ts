import { builtinChains, fixedChains, fixedRules, mangleTable } from './base-rules'
import { FragmentSet } from './fragment-set'
import { iptablesSaveText, ruleLine, type TableDump } from './iptables-save'
import { kubeServices, type NodeRuleContext, type ServiceFragment } from './service-rules'
import type { IptablesTable, NodeRuleSet, ProxyRule } from './types'

const fixed = fixedRules()
const headByChain = new Map<string, ProxyRule[]>()
for (const rule of fixed.head) {
  const key = `${rule.table} ${rule.chain}`
  headByChain.set(key, [...(headByChain.get(key) ?? []), rule])
}
const sharedChainNames = new Set([...fixedChains.nat.map((c) => `nat ${c}`), ...fixedChains.filter.map((c) => `filter ${c}`)])

/**
 * One node's kube-proxy rules: the fragments every node shares (services
 * whose rules do not depend on the node) plus this node's own (Local traffic
 * policies), and the node's addresses (`-m addrtype --dst-type LOCAL`).
 */
export class NodeRules {
  /** This node's own fragments (they shadow none of the shared ones: a key lives in one set). */
  readonly own = new FragmentSet()
  /** The node's local addresses: its Node IPs, its bridge address, loopback. */
  localAddresses = new Set<string>(['127.0.0.1'])

  constructor(
    readonly ctx: NodeRuleContext,
    private readonly shared: FragmentSet
  ) {}

  get node(): string {
    return this.ctx.node
  }

  isLocalAddress(ip: string): boolean {
    return this.localAddresses.has(ip)
  }

  /** The rules of a chain, in order, that may match a packet to dst:dport (the matcher checks the rest). */
  candidates(table: IptablesTable, chain: string, dst: string, dport: number): readonly ProxyRule[] {
    const key = `${table} ${chain}`
    const head = headByChain.get(key)
    if (sharedChainNames.has(key)) {
      const own = this.own.sharedCandidates(table, chain, dst, dport)
      const shared = this.shared.sharedCandidates(table, chain, dst, dport)
      const tail = table === 'nat' && chain === kubeServices ? fixed.servicesTail : undefined
      if (!head && !own.length && !tail) return shared
      const all = [...(head ?? []), ...own, ...shared]
      if (tail) all.push(tail)
      return all
    }
    if (head) return head
    return (table === 'nat' && (this.own.chain(chain) ?? this.shared.chain(chain))) || []
  }

  /** Every fragment on this node, by key order (the order rules are printed in). */
  private fragments(): ServiceFragment[] {
    const all = [...this.shared.values(), ...this.own.values()]
    return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  /** The whole rule set, grouped by table and chain in iptables-save order. */
  ruleSet(): NodeRuleSet {
    const fragments = this.fragments()
    const rules: ProxyRule[] = []
    const chains = { filter: [] as string[], nat: [] as string[] }
    for (const table of ['filter', 'nat'] as const) {
      const own = table === 'nat' ? fragments.flatMap((f) => f.ownChains) : []
      const user = [...new Set([...fixedChains[table], ...own])].sort()
      chains[table] = [...builtinChains[table], ...user]
      const shared = new Map<string, ProxyRule[]>()
      for (const f of fragments) {
        for (const r of f.sharedRules) {
          if (r.table !== table) continue
          const list = shared.get(r.chain)
          if (list) list.push(r)
          else shared.set(r.chain, [r])
        }
      }
      const ownRules = new Map<string, ProxyRule[]>()
      if (table === 'nat') for (const f of fragments) for (const [c, rs] of f.chainRules) ownRules.set(c, rs)
      for (const chain of chains[table]) {
        rules.push(...(headByChain.get(`${table} ${chain}`) ?? []), ...(shared.get(chain) ?? []), ...(ownRules.get(chain) ?? []))
        if (table === 'nat' && chain === kubeServices) rules.push(fixed.servicesTail)
      }
    }
    return { node: this.node, chains, rules }
  }

  /** The rules as `iptables-save` prints them: mangle (the canary), filter, nat; or one table. */
  iptablesSave(options: { table?: IptablesTable | 'mangle'; time?: Date } = {}): string {
    const set = this.ruleSet()
    const mangle: TableDump = { table: 'mangle', builtins: mangleTable.builtins, chains: mangleTable.chains, lines: [] }
    const tables: TableDump[] = [
      mangle,
      ...(['filter', 'nat'] as const).map((table) => ({
        table,
        builtins: builtinChains[table],
        chains: set.chains[table].slice(builtinChains[table].length),
        lines: set.rules.filter((r) => r.table === table).map(ruleLine)
      }))
    ]
    return iptablesSaveText(
      tables.filter((t) => !options.table || options.table === t.table),
      options.time
    )
  }
}
