import { describe, expect, it } from 'vitest'
import { channels, decodeFrame, encodeFrame, exitStatus, internalErrorStatus, pickProtocol } from '../../../../main/cluster/apiserver/streaming/channels'
import { InputQueue } from '../../../../main/cluster/apiserver/streaming/input-queue'

describe('remotecommand channel protocol', () => {
  it('frames carry the channel in the first byte', () => {
    expect([...encodeFrame(channels.stdout, 'hi')]).toEqual([1, 104, 105])
    expect([...encodeFrame(channels.close, Uint8Array.of(0))]).toEqual([255, 0])
    expect(decodeFrame(Buffer.from([0, 97, 10]))).toEqual({ channel: 0, data: Buffer.from('a\n') })
    expect(decodeFrame(Buffer.alloc(0))).toBeUndefined()
  })

  it('picks v5 over v4 and nothing else', () => {
    expect(pickProtocol(['v4.channel.k8s.io', 'v5.channel.k8s.io'])).toBe('v5.channel.k8s.io')
    expect(pickProtocol([' v4.channel.k8s.io'])).toBe('v4.channel.k8s.io')
    expect(pickProtocol(['channel.k8s.io', 'base64.channel.k8s.io'])).toBeUndefined()
  })

  it('exit statuses are what kubectl decodes: Success, or NonZeroExitCode with an ExitCode cause', () => {
    expect(exitStatus(0)).toEqual({ metadata: {}, status: 'Success' })
    expect(exitStatus(3)).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } })
    expect(internalErrorStatus('boom')).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: boom',
      reason: 'InternalError',
      details: { causes: [{ message: 'boom' }] },
      code: 500
    })
  })

  it('stdin queues what arrives before it is read and ends once', async () => {
    const q = new InputQueue()
    q.push('a')
    q.push('b')
    const read: string[] = []
    const done = (async () => {
      for await (const chunk of q) read.push(chunk)
    })()
    await new Promise((r) => setImmediate(r))
    q.push('c')
    q.end()
    q.push('ignored')
    await done
    expect(read).toEqual(['a', 'b', 'c'])
  })
})
