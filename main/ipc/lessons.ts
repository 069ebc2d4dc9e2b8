import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Cluster } from '../cluster/cluster'
import { SharedInformerFactory } from '../cluster/client/informer-factory'
import { lessonById } from '../cluster/scenarios/index'
import { sanitizeSaved, type SavedLessons } from '../cluster/scenarios/progress'
import { informerReads } from '../cluster/scenarios/reads'
import { ScenariosService } from '../cluster/scenarios/service'
import type { Action } from '../cluster/scenarios/types'
import type { Calls, TraceResult } from '../../preload/contract'
import { applyYaml } from './apply'
import type { Emit } from './feeds'
import { nodeAction } from './node-actions'

/**
 * The lessons' calls: main/cluster/scenarios holds the lessons and runs
 * their checks over the cluster's shared informers; this wires that service
 * to the contract, pushes its reports as `lessons/report`, keeps progress in
 * `<data dir>/lessons.json`, and carries out what only main can (applying a
 * step's manifests, Reset's deletions and its node power-on).
 */
type LessonChannel = Extract<keyof Calls, `lessons/${string}`>
export type LessonHandlers = { [C in LessonChannel]: (...args: Calls[C]['args']) => Promise<Calls[C]['result']> }

/** How long Reset waits for what it deleted to leave the caches (a namespace's contents go first). */
const resetWaitMs = 20_000

function progressFile(cluster: Cluster): { load(): SavedLessons | undefined; save(s: SavedLessons): void } {
  const file = cluster.dataDir ? join(cluster.dataDir, 'lessons.json') : undefined
  let last = ''
  return {
    load() {
      if (!file) return undefined
      try {
        return sanitizeSaved(JSON.parse(readFileSync(file, 'utf8')), (id) => !!lessonById(id))
      } catch {
        return undefined
      }
    },
    save(s) {
      const text = JSON.stringify(s)
      if (!file || text === last) return
      last = text
      try {
        writeFileSync(`${file}.tmp`, text)
        renameSync(`${file}.tmp`, file)
      } catch {
        // Progress is a convenience: a read-only data dir keeps it in memory only.
      }
    }
  }
}

/** Reset's actions other than deletions: a node powered back on. */
async function runResetAction(cluster: Cluster, action: Action): Promise<void> {
  if (action.type === 'node') await nodeAction(cluster, action.node, action.action)
  else throw new Error(`a lesson's reset cannot ${action.type}`)
}

const within = (ms: number) => (p: Promise<void>): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    timer.unref?.()
    void p.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })

export function lessonHandlers(cluster: Cluster, emit: () => Emit | undefined): LessonHandlers {
  let service: ScenariosService | undefined
  const get = (): ScenariosService => {
    if (service) return service
    let informers = cluster.informers
    if (!informers) {
      informers = new SharedInformerFactory({ client: cluster.client, clock: cluster.clock })
      informers.start()
    }
    const file = progressFile(cluster)
    service = new ScenariosService({
      reads: informerReads(informers),
      client: cluster.client,
      dataDir: cluster.dataDir,
      saved: file.load(),
      save: (s) => file.save(s),
      report: (state) => emit()?.('lessons/report', state)
    })
    return service
  }

  return {
    'lessons/list': async () => get().list(),
    'lessons/state': async () => get().settled(),
    'lessons/start': async ({ id }) => {
      get().start(id)
      return get().settled()
    },
    'lessons/close': async () => get().close(),
    'lessons/advance': async ({ id, step }) => get().advance(id, step),
    'lessons/evaluate': async ({ id, selected }) => get().evaluate(id, selected),
    'lessons/action': async ({ id, step, index }) => get().resolveAction(id, step, index),
    'lessons/apply': async ({ id, step }) => {
      const s = get()
      const results = await applyYaml(cluster, s.manifests(id, step), 'default')
      s.recordCreated(
        id,
        results.flatMap((r) => (r.ok && r.action === 'created' ? [{ gvr: r.gvr, namespace: r.object.metadata.namespace, name: r.object.metadata.name ?? '' }] : []))
      )
      return results
    },
    'lessons/trace': async ({ id, step, request }) => (await get().trace(id, step, request)) as TraceResult,
    'lessons/reset': async ({ id }) => {
      const s = get()
      const failures = await s.reset(id, (a) => runResetAction(cluster, a), within(resetWaitMs))
      return { state: s.state(), failures }
    }
  }
}
