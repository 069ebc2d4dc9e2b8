import type { Informer } from '../../client/informer'
import type { Component, ComponentFactory } from '../../component'
import type { Timer } from '../../clock/types'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import { deepEqual } from '../../apimachinery/validation'
import type { TrafficGeneratorObject } from '../../registry/kinds/trafficgenerator'
import { networkModel } from '../trace/network-model'
import { GeneratorRun } from './generator-run'

const generatorsGVR = { group: 'kubelab.dev', version: 'v1alpha1', resource: 'trafficgenerators' }
/** How often requests are sent (cluster time). */
const tickMs = 1_000
/** How often counters and edge rates are written to status (cluster time). */
const reportMs = 5_000

/**
 * Runs every TrafficGenerator: on the cluster clock, each sends its rate of
 * requests through the trace engine, delivers them in batches to the
 * receiving processes (world.processes.receive: CPU load for the behaviour
 * model and HPA, access log lines), and writes sent/delivered/dropped and
 * per-edge rates to its status every few seconds.
 */
export const trafficComponent: ComponentFactory = (ctx) => {
  const model = networkModel(ctx)
  const client = ctx.client.resource<TrafficGeneratorObject>(generatorsGVR)
  const runs = new Map<string, GeneratorRun>()
  let informer: Informer<TrafficGeneratorObject> | undefined
  let ticker: Timer | undefined
  let sinceReport = 0
  let reporting = false
  let stopped = false

  async function report(): Promise<void> {
    if (reporting) return
    reporting = true
    try {
      for (const run of runs.values()) {
        const status = run.report()
        const current = informer?.getByName(run.generator.metadata.namespace, run.generator.metadata.name ?? '') ?? run.generator
        if (deepEqual(status, current.status ?? {})) continue
        try {
          await client.updateStatus({ ...current, status })
        } catch (e) {
          if (!isConflict(e) && !isNotFound(e)) ctx.logger.warn(`traffic: status of ${current.metadata.namespace}/${current.metadata.name}: ${(e as Error).message}`)
        }
      }
    } finally {
      reporting = false
    }
  }

  async function tick(): Promise<void> {
    if (!runs.size) return
    for (const run of runs.values()) run.tick(tickMs)
    sinceReport += tickMs
    if (sinceReport >= reportMs) {
      sinceReport = 0
      await report()
    }
  }

  /**
   * The next tick. While a generator sends, its ticks are load the cluster is
   * under, so they drive an instant clock like any pending work; with nothing
   * to send they are background, and an idle cluster stays still.
   */
  function schedule(): void {
    if (stopped) return
    const sending = [...runs.values()].some((r) => (r.generator.spec?.rate ?? 0) > 0)
    ticker = ctx.clock.setTimeout(
      () => {
        void tick().finally(schedule)
      },
      tickMs,
      { background: !sending }
    )
  }

  const component: Component = {
    name: 'traffic-generators',
    async start() {
      informer = ctx.informers.informerFor<TrafficGeneratorObject>(generatorsGVR)
      informer.addEventHandler({
        onAdd: (g) => {
          const uid = g.metadata.uid ?? ''
          void model.engine().then((engine) => {
            // The generator as it is now (it may have changed, or gone, while the caches synced).
            const latest = informer?.getByName(g.metadata.namespace, g.metadata.name ?? '')
            if (runs.has(uid) || latest?.metadata.uid !== uid) return
            runs.set(uid, new GeneratorRun(latest, { engine, index: model.index, processes: ctx.world.processes }))
            // A waiting background tick would not move an instant clock: the new load does.
            ticker?.cancel()
            schedule()
          })
        },
        onUpdate: (_old, g) => {
          const run = runs.get(g.metadata.uid ?? '')
          if (run) run.generator = g
        },
        onDelete: (g) => runs.delete(g.metadata.uid ?? '')
      })
      schedule()
    },
    async stop() {
      stopped = true
      ticker?.cancel()
      model.stop()
    }
  }
  return component
}
