import { describe, expect, it } from 'vitest'
import { MemoryContainerLogs } from '../../../main/cluster/world/container-logs'

const ref = { namespace: 'default', pod: 'p', uid: 'u1', container: 'c' }

describe('container logs in the world', () => {
  it('lines written lazily keep their time and their place before later lines', () => {
    let now = 1000
    const logs = new MemoryContainerLogs(() => now)
    let made = 0
    logs.writeLines(ref, () => {
      made++
      return [
        { text: 'banner', stream: 'stdout' },
        { text: 'notice', stream: 'stderr' }
      ]
    })
    expect(made).toBe(0)
    now = 2000
    logs.write(ref, 'later')
    expect(made).toBe(1)
    expect(logs.read(ref)).toEqual([
      { time: 1000, stream: 'stdout', text: 'banner' },
      { time: 1000, stream: 'stderr', text: 'notice' },
      { time: 2000, stream: 'stdout', text: 'later' }
    ])
  })

  it('rotation keeps one previous log; forget ends followers and drops the pod', () => {
    const logs = new MemoryContainerLogs(() => 0)
    logs.writeLines(ref, () => [{ text: 'first', stream: 'stdout' }])
    logs.rotate(ref)
    logs.write(ref, 'second')
    expect(logs.read(ref, { previous: true })?.map((l) => l.text)).toEqual(['first'])
    expect(logs.read(ref)?.map((l) => l.text)).toEqual(['second'])
    let ended = false
    logs.follow(ref, () => {}, () => (ended = true))
    logs.forget('u1')
    expect(ended).toBe(true)
    expect(logs.read(ref)).toBeUndefined()
  })
})
