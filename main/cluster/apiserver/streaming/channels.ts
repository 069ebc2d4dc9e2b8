/**
 * The channel protocol of exec and attach over a WebSocket (k8s.io/apimachinery
 * util/remotecommand, `v4.channel.k8s.io` and `v5.channel.k8s.io`): every
 * binary message starts with one byte naming its stream. 0 stdin, 1 stdout,
 * 2 stderr, 3 the error stream (one Status JSON saying how the command
 * ended), 4 terminal resize; v5 adds 255, which closes a stream (the client
 * sends `[255, 0]` at the end of stdin).
 */

export const channels = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const

/** The subprotocols served, most preferred first. */
export const streamProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const
export type StreamProtocol = (typeof streamProtocols)[number]

/** The protocol to answer an offer with (`Sec-WebSocket-Protocol`), undefined when none is served. */
export function pickProtocol(offered: Iterable<string>): StreamProtocol | undefined {
  const set = new Set([...offered].map((p) => p.trim()))
  return streamProtocols.find((p) => set.has(p))
}

/** One message: the channel byte, then the data. */
export function encodeFrame(channel: number, data: string | Uint8Array): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data)
  return Buffer.concat([Buffer.from([channel]), body])
}

/** A message read: its channel and data; undefined for an empty message (which carries nothing). */
export function decodeFrame(message: Buffer): { channel: number; data: Buffer } | undefined {
  if (message.length === 0) return undefined
  return { channel: message[0], data: message.subarray(1) }
}

/** The error-stream Status of a command that ended: Success, or NonZeroExitCode with its ExitCode cause, as the kubelet writes them. */
export function exitStatus(exitCode: number): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' }
  return {
    metadata: {},
    status: 'Failure',
    // The stream translator wraps the executor's `command terminated with exit code N`.
    message: `command terminated with non-zero exit code: command terminated with exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] }
  }
}

/** The error-stream Status of a failure that is not an exit code (apierrors.NewInternalError). */
export function internalErrorStatus(detail: string): Record<string, unknown> {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${detail}`,
    reason: 'InternalError',
    details: { causes: [{ message: detail }] },
    code: 500
  }
}
