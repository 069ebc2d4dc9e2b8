import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { logTimestamp, readContainerLog } from '../../../main/cluster/node/node-proxy-logs'
import { MemoryContainerLogs } from '../../../main/cluster/world/container-logs'
import { StatusError } from '../../../main/cluster/apimachinery/errors'

const t0 = Date.UTC(2026, 10, 26, 12, 0, 0)

function podWith(status: Partial<ContainerStatus>): Pod {
  const s: ContainerStatus = { name: 'c', image: 'busybox', imageID: '', ready: true, restartCount: 0, ...status }
  return { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'c' }] }, status: { containerStatuses: [s] } }
}
const running = podWith({ state: { running: {} }, containerID: 'containerd://a' })
const ref = { namespace: 'default', pod: 'p', uid: 'u1', container: 'c' }

function logs(): { logs: MemoryContainerLogs; at: (ms: number) => void } {
  let now = t0
  const l = new MemoryContainerLogs(() => now)
  l.opened(ref)
  return { logs: l, at: (ms) => (now = t0 + ms) }
}

function error(fn: () => unknown): { code: number; message: string } {
  try {
    fn()
  } catch (e) {
    if (e instanceof StatusError) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('no error')
}

describe('the kubelet\'s container logs', () => {
  it('timestamps are RFC 3339 with nine fractional digits', () => {
    expect(logTimestamp(t0 + 5)).toBe('2026-11-26T12:00:00.005000000Z')
  })

  it('tailLines, sinceTime, timestamps and limitBytes', () => {
    const { logs: l, at } = logs()
    for (const [i, text] of ['one', 'two', 'three'].entries()) {
      at(i * 1000)
      l.write(ref, text)
    }
    expect(readContainerLog(l, running, 'c', {}).text).toBe('one\ntwo\nthree\n')
    expect(readContainerLog(l, running, 'c', { tailLines: 2 }).text).toBe('two\nthree\n')
    expect(readContainerLog(l, running, 'c', { tailLines: 0 }).text).toBe('')
    expect(readContainerLog(l, running, 'c', { sinceTime: t0 + 1000 }).text).toBe('two\nthree\n')
    expect(readContainerLog(l, running, 'c', { timestamps: true, tailLines: 1 }).text).toBe('2026-11-26T12:00:02.000000000Z three\n')
    expect(readContainerLog(l, running, 'c', { limitBytes: 6 }).text).toBe('one\ntw')
  })

  it('follow streams new lines until the instance stops, within the byte limit', () => {
    const { logs: l } = logs()
    l.write(ref, 'old')
    const log = readContainerLog(l, running, 'c', { follow: true })
    const got: string[] = []
    let ended = 0
    log.follow!((t) => got.push(t), () => ended++)
    l.write(ref, 'new')
    l.closed(ref)
    l.write(ref, 'after')
    expect(got).toEqual(['new\n'])
    expect(ended).toBe(1)
    expect(readContainerLog(l, running, 'c', { follow: true }).follow).toBeUndefined()

    const { logs: l2 } = logs()
    const limited = readContainerLog(l2, running, 'c', { follow: true, limitBytes: 5 })
    const out: string[] = []
    limited.follow!((t) => out.push(t), () => out.push('<end>'))
    l2.write(ref, 'abc')
    l2.write(ref, 'defgh')
    expect(out).toEqual(['abc\n', 'd', '<end>'])
  })

  it('previous reads the rotated log; errors are the kubelet\'s', () => {
    const { logs: l } = logs()
    l.write(ref, 'first life')
    l.rotate(ref)
    l.write(ref, 'second life')
    const restarted = podWith({ state: { running: {} }, lastState: { terminated: { exitCode: 1, containerID: 'containerd://a' } } })
    expect(readContainerLog(l, restarted, 'c', { previous: true }).text).toBe('first life\n')
    expect(error(() => readContainerLog(l, running, 'c', { previous: true }))).toEqual({ code: 400, message: 'previous terminated container "c" in pod "p" not found' })
    const creating = podWith({ state: { waiting: { reason: 'ContainerCreating' } } })
    expect(error(() => readContainerLog(l, creating, 'c', {}))).toEqual({ code: 400, message: 'container "c" in pod "p" is waiting to start: ContainerCreating' })
    const pulling = podWith({ state: { waiting: { reason: 'ImagePullBackOff' } } })
    expect(error(() => readContainerLog(l, pulling, 'c', {})).message).toBe('container "c" in pod "p" is waiting to start: trying and failing to pull image')
    const crashLoop = podWith({ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, containerID: 'containerd://a' } } })
    expect(readContainerLog(l, crashLoop, 'c', {}).text).toBe('second life\n')
    expect(error(() => readContainerLog(l, { ...running, status: {} }, 'c', {})).message).toBe('container "c" in pod "p" is not available')
  })
})
