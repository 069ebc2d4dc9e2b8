import { describe, expect, it } from 'vitest'
import { expectedStreamTypes } from '../../../../main/cluster/apiserver/streaming/spdy-command-session'

/** The streams the runtime's streaming server waits for before it runs an exec or attach over SPDY. */
describe('expectedStreamTypes', () => {
  const v4 = 'v4.channel.k8s.io'
  it('always the error stream, then each stream asked for', () => {
    expect(expectedStreamTypes({ stdin: false, stdout: true, stderr: true, tty: false }, v4)).toEqual(['error', 'stdout', 'stderr'])
    expect(expectedStreamTypes({ stdin: true, stdout: true, stderr: false, tty: false }, v4)).toEqual(['error', 'stdin', 'stdout'])
  })
  it('on a tty stderr joins stdout and the resize stream is opened (v3 and later)', () => {
    expect(expectedStreamTypes({ stdin: true, stdout: true, stderr: true, tty: true }, v4)).toEqual(['error', 'stdin', 'stdout', 'resize'])
    expect(expectedStreamTypes({ stdin: true, stdout: true, stderr: true, tty: true }, 'v3.channel.k8s.io')).toEqual(['error', 'stdin', 'stdout', 'resize'])
    expect(expectedStreamTypes({ stdin: true, stdout: true, stderr: true, tty: true }, 'v2.channel.k8s.io')).toEqual(['error', 'stdin', 'stdout'])
  })
})
