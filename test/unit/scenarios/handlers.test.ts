/**
 * The lessons' calls as main/ipc wires them: progress lives in
 * <data dir>/lessons.json, so a restarted cluster (the app reopened) shows
 * the lesson where the learner left it; "Apply for me" records what it
 * created and Reset deletes it again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { createHandlers } from '../../../main/ipc/handlers'

const dir = mkdtempSync(join(tmpdir(), 'kubelab-lessons-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('lesson handlers', () => {
  it('keep progress in the data dir across a restart, and Reset deletes what Apply for me created', async () => {
    let cluster = await Cluster.start({ dataDir: dir, clock: 'manual', components: [] })
    try {
      const h = createHandlers(cluster)
      await h['lessons/start']({ id: 'scale-rc' })
      const applied = await h['lessons/apply']({ id: 'scale-rc', step: 'start' })
      expect(applied.map((r) => r.ok && r.action)).toEqual(['created', 'created'])
      expect(JSON.parse(readFileSync(join(dir, 'lessons.json'), 'utf8'))).toMatchObject({
        active: 'scale-rc',
        progress: { 'scale-rc': { step: 0, created: [{ name: 'frontend', gvr: { resource: 'replicationcontrollers' } }, { name: 'frontend', gvr: { resource: 'services' } }] } }
      })
    } finally {
      await cluster.stop()
    }

    cluster = await Cluster.start({ dataDir: dir, clock: 'manual', components: [] })
    try {
      const h = createHandlers(cluster)
      const state = await h['lessons/state']()
      expect(state).toMatchObject({ active: 'scale-rc', check: { lessonId: 'scale-rc', step: 'start', done: false, reason: '0 of 3 frontend pods Ready' } })
      const { failures, state: after } = await h['lessons/reset']({ id: 'scale-rc' })
      expect(failures).toEqual([])
      expect(after.check?.reason).toBe('no ReplicationController frontend in default yet')
      const services = await cluster.client.resource({ group: '', version: 'v1', resource: 'services' }).list('default')
      expect(services.items.map((s) => s.metadata.name)).not.toContain('frontend')
    } finally {
      await cluster.stop()
    }
  })
})
