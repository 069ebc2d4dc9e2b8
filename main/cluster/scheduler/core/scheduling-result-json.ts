import type { Outcome } from './outcome'
import { buildSchedulingResult, defaultFeasibleLimit, defaultNodeLimit, topFeasible, type ResultLimits } from './scheduling-result'

/**
 * The annotation's JSON text, byte for byte JSON.stringify(buildSchedulingResult(...)),
 * written directly: every scheduled pod carries one, and building the result
 * first (two dictionaries keyed by node names, an object per listed node)
 * only for JSON.stringify to walk it was most of what a binding cycle
 * allocated. Strings go through JSON.stringify one by one (the same
 * escaping); numbers print as JSON prints them. Where an object's key order
 * would not be its insertion order (a key that is an array index, which
 * objects list first, or `__proto__`), or a name would be listed twice, or
 * a PreFilter left nodes out (the absent nodes' listing), the object is
 * built and stringified as before.
 */
export function schedulingResultJson(outcome: Outcome, time: string, limits: ResultLimits = {}): string {
  return directJson(outcome, time, limits) ?? JSON.stringify(buildSchedulingResult(outcome, time, limits))
}

/** A key whose place in an object is not its insertion order (array indexes come first), or that `{}` does not store as a key. */
function unordered(key: string): boolean {
  if (key === '__proto__') return true
  const c = key.charCodeAt(0)
  return c >= 48 && c <= 57 && /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295
}

/** Quoted names (nodes, plugins): the same few thousand come back in every annotation. Bounded: cleared when full. */
const quotedNames = new Map<string, string>()
const maxQuotedNames = 20_000

/** JSON.stringify(name), remembered. */
function quote(name: string): string {
  let q = quotedNames.get(name)
  if (q === undefined) {
    if (quotedNames.size >= maxQuotedNames) quotedNames.clear()
    q = JSON.stringify(name)
    quotedNames.set(name, q)
  }
  return q
}

/** A number as JSON.stringify writes it (null unless finite; -0 as 0, as String does). */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null'
}

function directJson(outcome: Outcome, time: string, limits: ResultLimits): string | undefined {
  const maxNodes = limits.nodes ?? defaultNodeLimit
  const maxFeasible = Math.min(limits.feasible ?? defaultFeasibleLimit, maxNodes)
  const record = outcome.record
  const selected = outcome.result === 'Scheduled' ? outcome.nodeName : null
  let out = `{"time":${JSON.stringify(time)},"result":${JSON.stringify(outcome.result)},"selectedNode":${selected === null ? 'null' : quote(selected)}`
  if (outcome.result !== 'Scheduled' && outcome.message !== undefined) out += `,"message":${JSON.stringify(outcome.message)}`
  if (!record) return `${out},"nodes":{"total":0,"evaluated":0,"feasible":0},"filter":{},"score":{}}`
  const d = record.diagnosis
  if (d.absentStatus) return undefined
  const evaluated = record.feasible.length + d.nodeToStatus.size
  out += `,"nodes":{"total":${num(record.numAllNodes)},"evaluated":${num(evaluated)},"feasible":${num(record.feasible.length)}}`

  const filters = record.filters
  let passedFields = ''
  for (let f = 0; f < filters.length; f++) {
    if (unordered(filters[f])) return undefined
    // A repeated filter name would be one key.
    if (filters.indexOf(filters[f]) !== f) return undefined
    passedFields += `${f === 0 ? '' : ','}${quote(filters[f])}:"passed"`
  }
  const passed = `{${passedFields}}`
  const scores = record.scores
  const plugins = scores?.table.plugins
  if (plugins) {
    for (let p = 0; p < plugins.length; p++) if (unordered(plugins[p]) || plugins[p] === 'total' || plugins.indexOf(plugins[p]) !== p) return undefined
  }
  const feasibleIdx = topFeasible(record, selected, maxFeasible)
  let filterJson = ''
  let scoreJson = ''
  for (let j = 0; j < feasibleIdx.length; j++) {
    const i = feasibleIdx[j]
    const name = record.feasible[i].name
    if (unordered(name) || d.nodeToStatus.has(name)) return undefined
    const key = quote(name)
    filterJson += `${j === 0 ? '' : ','}${key}:${passed}`
    if (scores) {
      const table = scores.table
      scoreJson += `${j === 0 ? '' : ','}${key}:{`
      for (let k = 0; k < plugins!.length; k++) {
        const v = table.scores[k][i]
        // JSON leaves out a key whose value is not a value (undefined).
        if (typeof v !== 'number') return undefined
        scoreJson += `${quote(plugins![k])}:${num(v)},`
      }
      if (typeof table.totals[i] !== 'number') return undefined
      scoreJson += `"total":${num(table.totals[i])}}`
    }
  }
  let listed = feasibleIdx.length
  for (const [name, status] of d.nodeToStatus) {
    if (listed >= maxNodes) break
    if (unordered(name)) return undefined
    // filterEntry's object: the filters before the rejecting plugin passed, then the plugin's message.
    const plugin = status.plugin || record.pluginsWithNodes.join(',') || 'PreFilter'
    if (unordered(plugin)) return undefined
    const at = filters.indexOf(plugin)
    let entry = '{'
    for (let f = 0; f < at; f++) entry += `${quote(filters[f])}:"passed",`
    filterJson += `${listed === 0 ? '' : ','}${quote(name)}:${entry}${quote(plugin)}:${JSON.stringify(status.message())}}`
    listed++
  }
  out += `,"filter":{${filterJson}},"score":{${scoreJson}}`
  const omittedFilter = evaluated - listed
  const omittedScore = (scores?.nodes.length ?? 0) - (scores ? feasibleIdx.length : 0)
  if (omittedFilter > 0 || omittedScore > 0) out += `,"omitted":{"filter":${num(omittedFilter)},"score":${num(omittedScore)}}`
  return `${out}}`
}
