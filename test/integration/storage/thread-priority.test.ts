import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../main/cluster/storage/index'
import { WORKER_NICE } from '../../../main/cluster/storage/thread-priority'
import { cleanup, tempDir } from './helpers'

/**
 * The persistence worker runs below the event loop it serves
 * (thread-priority.ts): on Linux its thread has nice WORKER_NICE once the
 * store is open, and no other thread of the process is touched.
 */

/** Nice value of each thread of this process, by thread id (field 19 of /proc/self/task/<tid>/stat). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      nices.set(Number(tid), Number(fields[16]))
    } catch {
      // The thread ended while we listed them.
    }
  }
  return nices
}

let dir: string

beforeEach(async () => {
  dir = await tempDir()
})

afterEach(async () => {
  await cleanup(dir)
})

describe.runIf(process.platform === 'linux')('persistence worker priority', () => {
  it(`runs the worker thread at nice ${WORKER_NICE}, and only it`, async () => {
    const before = threadNices()
    const self = Number(readlinkSync('/proc/thread-self').split('/').pop())
    const store = await openStore({ dir })
    await store.create('/registry/configmaps/default/a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } })
    const after = threadNices()
    await store.close()

    const lowered = [...after].filter(([tid, nice]) => nice === WORKER_NICE && before.get(tid) !== WORKER_NICE)
    expect(lowered).toHaveLength(1)
    expect(lowered[0][0]).not.toBe(self)
    expect(after.get(self)).toBe(before.get(self))
    for (const [tid, nice] of before) if (after.has(tid)) expect({ tid, nice: after.get(tid) }).toEqual({ tid, nice })
  })
})
