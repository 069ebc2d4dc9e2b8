import type { Job } from 'kubernetes-types/batch/v1'
import type { Container, Pod } from 'kubernetes-types/core/v1'

/**
 * An Indexed Job's bookkeeping (pkg/controller/job/indexed_job_utils.go):
 * each pod carries its completion index in an annotation and a label; the
 * Job is complete when every index from 0 to completions-1 has succeeded;
 * the controller creates pods for the lowest indexes neither running nor
 * done; status.completedIndexes lists the done ones as intervals.
 */

export const completionIndexKey = 'batch.kubernetes.io/job-completion-index'
const completionIndexEnv = 'JOB_COMPLETION_INDEX'

export function isIndexed(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed'
}

/** The pod's completion index; undefined when it has none or it is out of [0, completions). */
export function completionIndex(pod: Pod, completions: number): number | undefined {
  const raw = pod.metadata?.annotations?.[completionIndexKey]
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined
  const index = Number(raw)
  return index < completions ? index : undefined
}

/** Parses `1,3-5,7` (indexes at or past completions are dropped). */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const set = new Set<number>()
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim())
    if (!m) continue
    const last = Math.min(Number(m[2] ?? m[1]), completions - 1)
    for (let i = Number(m[1]); i <= last; i++) set.add(i)
  }
  return set
}

/** `1,3-5,7`: runs of three or more as first-last, a pair as two numbers (orderedIntervals.String). */
export function formatIndexes(set: ReadonlySet<number>): string {
  const sorted = [...set].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++
    parts.push(j === i ? `${sorted[i]}` : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}-${sorted[j]}`)
    i = j + 1
  }
  return parts.join(',')
}

/** The lowest `count` indexes that are neither active nor succeeded. */
export function pendingIndexes(taken: ReadonlySet<number>, count: number, completions: number): number[] {
  const out: number[] = []
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i)
  return out
}

/**
 * Active pods the controller removes: those without a valid index, those
 * whose index already succeeded, and all but one of each duplicated index.
 */
export function surplusPods(active: readonly Pod[], succeeded: ReadonlySet<number>, completions: number): Pod[] {
  const seen = new Set<number>()
  const surplus: Pod[] = []
  for (const pod of active) {
    const index = completionIndex(pod, completions)
    if (index === undefined || succeeded.has(index) || seen.has(index)) surplus.push(pod)
    else seen.add(index)
  }
  return surplus
}

/**
 * A pod of the Job's template for one index: named `<job>-<index>-<random>`,
 * hostname `<job>-<index>`, the index as annotation and label, and
 * JOB_COMPLETION_INDEX in every container that does not set it.
 */
export function withCompletionIndex(pod: Pod, job: Job, index: number): Pod {
  const jobName = job.metadata?.name ?? ''
  const meta = pod.metadata ?? {}
  const addEnv = (c: Container): Container =>
    (c.env ?? []).some((e) => e.name === completionIndexEnv) ? c : { ...c, env: [...(c.env ?? []), { name: completionIndexEnv, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${completionIndexKey}']` } } }] }
  return {
    ...pod,
    metadata: {
      ...meta,
      generateName: `${jobName}-${index}-`,
      labels: { ...(meta.labels ?? {}), [completionIndexKey]: String(index) },
      annotations: { ...(meta.annotations ?? {}), [completionIndexKey]: String(index) }
    },
    spec: {
      ...pod.spec!,
      hostname: pod.spec?.hostname || `${jobName}-${index}`,
      containers: (pod.spec?.containers ?? []).map(addEnv),
      ...(pod.spec?.initContainers ? { initContainers: pod.spec.initContainers.map(addEnv) } : {})
    }
  }
}
