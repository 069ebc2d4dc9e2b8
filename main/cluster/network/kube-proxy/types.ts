/**
 * kube-proxy's iptables rules as data: what the proxier writes with
 * iptables-restore on every node, kept per node in the world so the trace
 * engine can walk them and `iptables-save` can print them.
 */

export type IptablesTable = 'filter' | 'nat'

/** The match part of a rule, as kube-proxy writes it (only what kube-proxy uses). */
export interface RuleMatch {
  /** `-s CIDR` (a bare IP means /32); `sourceNegated` is `! -s`. */
  source?: string
  sourceNegated?: boolean
  /** `-d IP`. */
  destination?: string
  /** `-p tcp` with `-m tcp` (lower case, as kube-proxy writes it). */
  protocol?: 'tcp' | 'udp' | 'sctp'
  /** `--dport N`. */
  dport?: number
  /** `-m comment --comment "..."` (without the quotes). */
  comment?: string
  /** `-m addrtype --src-type LOCAL` / `--dst-type LOCAL`. */
  srcTypeLocal?: boolean
  dstTypeLocal?: boolean
  /** `-m statistic --mode random --probability P`, P as kube-proxy formats it (`0.3333333333`). */
  probability?: string
  /** `-m recent --name NAME --rcheck --seconds S --reap` (session affinity lookup) or `--set` (record). */
  recent?: { name: string; mode: 'rcheck' | 'set'; seconds?: number }
  /** `-m mark --mark 0x4000/0x4000`; `markNegated` is `! --mark`. */
  mark?: string
  markNegated?: boolean
  /** `-m conntrack --ctstate STATES`. */
  ctstate?: string
}

/** A rule's target: a chain to jump to, or a terminal/NAT action with its options. */
export interface RuleTarget {
  /** KUBE-SVC-..., DNAT, REJECT, DROP, ACCEPT, RETURN, MARK, MASQUERADE; '' for a rule without target (it only counts). */
  jump: string
  /** DNAT's `--to-destination ip:port`. */
  toDestination?: string
  /** MARK's `--or-mark` / `--xor-mark` value. */
  orMark?: string
  xorMark?: string
  /** MASQUERADE's `--random-fully`. */
  randomFully?: boolean
}

/** One `-A CHAIN ...` line. */
export interface ProxyRule {
  table: IptablesTable
  chain: string
  match: RuleMatch
  target: RuleTarget
  /** The Service port whose rules these are (undefined for kube-proxy's fixed rules). */
  service?: ServicePortName
}

/** Who a service-port chain set belongs to: `namespace/name:port` (`namespace/name` for an unnamed port). */
export interface ServicePortName {
  namespace: string
  name: string
  /** The Service port's name ('' when unnamed). */
  port: string
  protocol: 'TCP' | 'UDP' | 'SCTP'
}

/** The chains and rules one node holds, in the order iptables-save prints them. */
export interface NodeRuleSet {
  node: string
  /** Per table: chain names (built-in chains first, then kube-proxy's in name order). */
  chains: Record<IptablesTable, string[]>
  /** Every rule, grouped by table and chain in `chains` order. */
  rules: ProxyRule[]
}

/** A packet as the rules see it. */
export interface ProxyPacket {
  src: string
  dst: string
  dport: number
  protocol: 'TCP' | 'UDP' | 'SCTP'
  /**
   * Where the packet enters the node's netfilter: `PREROUTING` for packets
   * arriving from a pod's veth or from the wire, `OUTPUT` for packets the
   * node itself sends (host-network processes). Default PREROUTING.
   */
  hook?: 'PREROUTING' | 'OUTPUT'
}

/** One rule the packet matched, in the order it matched. */
export interface TraversedRule {
  table: IptablesTable
  chain: string
  /** The rule as iptables-save prints it (`-A KUBE-SERVICES -d 10.96.0.10/32 ...`). */
  rule: string
}

/** An endpoint the statistic rules can choose: its KUBE-SEP chain and `ip:port`. */
export interface EndpointCandidate {
  chain: string
  endpoint: string
}

export interface EvaluateOptions {
  /**
   * Which endpoint the random statistic rules land on: the index into
   * `candidates` (in rule order). Default: a deterministic pick from the
   * packet's source address, so one client keeps one endpoint.
   */
  pick?: (candidates: EndpointCandidate[], packet: ProxyPacket) => number
  /**
   * Session affinity lists (`-m recent`), per node: read by `--rcheck`,
   * written by `--set` when given. Times are cluster ms.
   */
  recent?: RecentTable
  /** Cluster time now (ms), for `--rcheck --seconds`. */
  now?: number
}

/** xt_recent's lists: list name → source IP → last seen (cluster ms). */
export type RecentTable = Map<string, Map<string, number>>

/** What the rules did to a packet. */
export interface ProxyEvaluation {
  /** The rules that matched, in order (chain jumps included). */
  traversed: TraversedRule[]
  /**
   * `dnat`: rewritten to `dnat`; `reject`: a filter REJECT (e.g. "has no
   * endpoints"); `drop`: a filter DROP ("has no local endpoints"); `none`:
   * no kube-proxy rule claimed the packet (not a service address).
   */
  verdict: 'dnat' | 'reject' | 'drop' | 'none'
  /** The new destination `ip:port` and the endpoint chain that wrote it. */
  dnat?: { ip: string; port: number; chain: string }
  /** The Service port that claimed the packet, if any. */
  service?: ServicePortName
  /** KUBE-MARK-MASQ marked it: KUBE-POSTROUTING masquerades it to the node's address on the way out. */
  masquerade: boolean
  /** The rule that rejected or dropped it (also the last entry of `traversed`). */
  decidingRule?: TraversedRule
}

/** What the world keeps: every node's kube-proxy rules (world.proxyRules). */
export interface ProxyRules {
  /** Nodes whose kube-proxy has synced rules. */
  nodes(): string[]
  /** A node's rules as data; undefined when no kube-proxy runs there (yet). */
  ruleSet(node: string): NodeRuleSet | undefined
  /** A node's rules as `iptables-save` prints them (mangle, filter, nat; or `-t TABLE`); undefined as above. */
  iptablesSave(node: string, options?: { table?: IptablesTable | 'mangle'; time?: Date }): string | undefined
  /** Walks a packet through a node's rules; undefined when the node has no rules. */
  evaluate(node: string, packet: ProxyPacket, options?: EvaluateOptions): ProxyEvaluation | undefined
  /**
   * The node's session-affinity lists (xt_recent, what `-m recent --set`
   * records): pass it as EvaluateOptions.recent so ClientIP affinity sticks
   * across packets, as on a real node. Undefined when the node has no rules.
   */
  affinity(node: string): RecentTable | undefined
  /** Calls `listener` with the node's name whenever its rules change; returns the unsubscribe function. */
  onChange(listener: (node: string) => void): () => void
}
