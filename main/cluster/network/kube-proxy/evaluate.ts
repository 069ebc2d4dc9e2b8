import { ruleLine } from './iptables-save'
import type { NodeRules } from './node-rules'
import type { EndpointCandidate, EvaluateOptions, IptablesTable, ProxyEvaluation, ProxyPacket, ProxyRule } from './types'

/**
 * Walks a packet through one node's kube-proxy rules as netfilter would:
 * nat PREROUTING (or OUTPUT for the node's own packets) into KUBE-SERVICES,
 * the service and endpoint chains, DNAT; then the filter table (INPUT when
 * the packet is now for the node, FORWARD otherwise, OUTPUT for the node's
 * own), where "has no endpoints" REJECTs and "has no local endpoints" DROPs
 * live; then nat POSTROUTING, where a KUBE-MARK-MASQ mark becomes
 * MASQUERADE. Returns the rules that matched, in order.
 */

interface WalkState {
  packet: ProxyPacket
  marked: boolean
  masquerade: boolean
  evaluation: ProxyEvaluation
  /** Chains entered in this walk, to refuse a jump loop. */
  depth: number
}

type ChainOutcome = 'continue' | 'stop'

const terminalVerdicts = new Set(['DROP', 'REJECT', 'ACCEPT', 'DNAT', 'MASQUERADE'])

/** FNV-1a of the source address: the default endpoint pick, stable per client. */
function sourceHash(src: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < src.length; i++) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Parsed CIDRs ([network, mask] as unsigned ints): rules repeat a handful of them. */
const cidrCache = new Map<string, [number, number] | null>()

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.')
  if (parts.length !== 4) return undefined
  let n = 0
  for (const part of parts) {
    const octet = Number(part)
    if (!Number.isInteger(octet) || octet < 0 || octet > 255) return undefined
    n = n * 256 + octet
  }
  return n
}

function inCidr(ip: string, cidr: string): boolean {
  if (!cidr.includes('/')) return ip === cidr
  let parsed = cidrCache.get(cidr)
  if (parsed === undefined) {
    const [base, bits] = cidr.split('/')
    const network = ipToInt(base)
    const prefix = Number(bits)
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
    parsed = network === undefined || !(prefix >= 0 && prefix <= 32) ? null : [(network & mask) >>> 0, mask]
    cidrCache.set(cidr, parsed)
  }
  const addr = ipToInt(ip)
  return !!parsed && addr !== undefined && ((addr & parsed[1]) >>> 0) === parsed[0]
}

export function evaluatePacket(rules: NodeRules, packet: ProxyPacket, options: EvaluateOptions = {}): ProxyEvaluation {
  const hook = packet.hook ?? 'PREROUTING'
  const state: WalkState = { packet: { ...packet }, marked: false, masquerade: false, depth: 0, evaluation: { traversed: [], verdict: 'none', masquerade: false } }
  const ev = state.evaluation

  walk(rules, 'nat', hook, state, options)
  const toNode = rules.isLocalAddress(state.packet.dst)
  const filterChain = hook === 'OUTPUT' ? 'OUTPUT' : toNode ? 'INPUT' : 'FORWARD'
  walk(rules, 'filter', filterChain, state, options)
  if (ev.verdict !== 'reject' && ev.verdict !== 'drop' && !toNode) walk(rules, 'nat', 'POSTROUTING', state, options)
  ev.masquerade = state.masquerade
  return ev
}

function walk(rules: NodeRules, table: IptablesTable, chain: string, state: WalkState, options: EvaluateOptions): ChainOutcome {
  if (++state.depth > 64) throw new Error(`iptables: jump loop through ${chain}`)
  try {
    const p = state.packet
    const candidates = rules.candidates(table, chain, p.dst, p.dport)
    const chosen = chooseEndpoint(candidates, state, options)
    for (const rule of candidates) {
      if (!matches(rule, rules, state, options, chosen)) continue
      const traversed = { table, chain, rule: ruleLine(rule) }
      state.evaluation.traversed.push(traversed)
      const outcome = apply(rule, rules, table, state, options, traversed)
      if (outcome === 'stop') return 'stop'
      if (rule.target.jump === 'RETURN') return 'continue'
    }
    return 'continue'
  } finally {
    state.depth--
  }
}

/** The endpoint the chain's statistic rules land on (by position among its `-> ep` rules). */
function chooseEndpoint(candidates: readonly ProxyRule[], state: WalkState, options: EvaluateOptions): ProxyRule | undefined {
  const balanced = candidates.filter((r) => r.target.jump.startsWith('KUBE-SEP-') && !r.match.recent)
  if (balanced.length < 2) return balanced[0]
  const list: EndpointCandidate[] = balanced.map((r) => ({ chain: r.target.jump, endpoint: r.match.comment?.split(' -> ')[1] ?? '' }))
  const index = options.pick ? options.pick(list, state.packet) : sourceHash(state.packet.src) % list.length
  return balanced[Math.min(Math.max(0, Math.floor(index)), balanced.length - 1)]
}

function matches(rule: ProxyRule, rules: NodeRules, state: WalkState, options: EvaluateOptions, chosen: ProxyRule | undefined): boolean {
  const m = rule.match
  const p = state.packet
  if (m.source !== undefined && inCidr(p.src, m.source) === !!m.sourceNegated) return false
  if (m.destination !== undefined && m.destination !== p.dst) return false
  if (m.protocol !== undefined && m.protocol !== p.protocol.toLowerCase()) return false
  if (m.dport !== undefined && m.dport !== p.dport) return false
  if (m.srcTypeLocal && !rules.isLocalAddress(p.src)) return false
  if (m.dstTypeLocal && !rules.isLocalAddress(p.dst)) return false
  if (m.mark !== undefined && state.marked === !!m.markNegated) return false
  // Every packet here opens a connection.
  if (m.ctstate !== undefined && !m.ctstate.split(',').includes('NEW')) return false
  if (m.probability !== undefined && rule !== chosen) return false
  if (m.recent?.mode === 'rcheck') {
    const seen = options.recent?.get(m.recent.name)?.get(p.src)
    if (seen === undefined) return false
    if (m.recent.seconds && options.now !== undefined && options.now - seen > m.recent.seconds * 1000) return false
  }
  return true
}

function apply(
  rule: ProxyRule,
  rules: NodeRules,
  table: IptablesTable,
  state: WalkState,
  options: EvaluateOptions,
  traversed: ProxyEvaluation['traversed'][number]
): ChainOutcome {
  const t = rule.target
  const ev = state.evaluation
  if (rule.match.recent?.mode === 'set' && options.recent) {
    const list = options.recent.get(rule.match.recent.name) ?? new Map<string, number>()
    list.set(state.packet.src, options.now ?? 0)
    options.recent.set(rule.match.recent.name, list)
  }
  if (rule.service && !ev.service) ev.service = rule.service
  switch (t.jump) {
    case '':
      return 'continue'
    case 'MARK':
      if (t.orMark) state.marked = true
      if (t.xorMark) state.marked = false
      return 'continue'
    case 'RETURN':
      return 'continue'
    case 'MASQUERADE':
      state.masquerade = true
      return 'stop'
    case 'DNAT': {
      const [ip, port] = (t.toDestination ?? '').split(':')
      ev.verdict = 'dnat'
      ev.dnat = { ip, port: Number(port), chain: rule.chain }
      state.packet = { ...state.packet, dst: ip, dport: Number(port) }
      return 'stop'
    }
    case 'REJECT':
    case 'DROP':
      ev.verdict = t.jump === 'REJECT' ? 'reject' : 'drop'
      ev.decidingRule = traversed
      return 'stop'
    case 'ACCEPT':
      return 'stop'
    default:
      if (terminalVerdicts.has(t.jump)) return 'stop'
      return walk(rules, table, t.jump, state, options)
  }
}
