import { fqdn } from './records'
import { ndotsOf } from './resolv-conf'
import type { DnsAnswer, DnsQuery, DnsType, ResolvConf, ResolveResult } from './types'

/**
 * The stub resolver in a pod (glibc res_search): a name ending in '.' is
 * asked once as it is; a name with at least `ndots` dots is asked as it is
 * first, then with each search domain; a shorter one with each search domain
 * first, then as it is. The first answer with records wins; NXDOMAIN and
 * NODATA move on to the next candidate; SERVFAIL and no answer at all end the walk. Every query goes to the first
 * nameserver (the others are only tried when it does not answer).
 */
export function resolveWith(conf: ResolvConf, name: string, type: DnsType, ask: (server: string, name: string, type: DnsType) => DnsAnswer): ResolveResult {
  const result: ResolveResult = { query: name, type, rcode: 'NXDOMAIN', answers: [], queries: [], resolvConf: conf }
  const server = conf.nameservers[0]
  if (!server) {
    // No nameserver: glibc falls back to the local host, where nothing listens.
    result.rcode = 'SERVFAIL'
    return result
  }
  for (const candidate of candidates(conf, name)) {
    const answer = ask(server, candidate, type)
    const query: DnsQuery = { name: candidate, type, server, rcode: answer.rcode, answers: answer.answers }
    result.queries.push(query)
    result.rcode = answer.rcode
    if (answer.rcode === 'NOERROR' && answer.answers.length) {
      result.answers = answer.answers
      return result
    }
    if (answer.rcode === 'SERVFAIL' || answer.rcode === 'TIMEOUT') return result
  }
  return result
}

/** The names tried, in order. */
export function candidates(conf: ResolvConf, name: string): string[] {
  if (name.endsWith('.')) return [fqdn(name)]
  const dots = (name.match(/\./g) ?? []).length
  const searched = conf.searches.map((domain) => fqdn(`${name}.${domain}`))
  return dots >= ndotsOf(conf) ? [fqdn(name), ...searched] : [...searched, fqdn(name)]
}
