import type { InputQueue } from './input-queue'

/**
 * The client's side of one exec or attach, whichever protocol carries it: a
 * WebSocket with the channel protocol (channel-session.ts) or SPDY streams
 * (spdy-command-session.ts). Output goes to a channel (channels.ts numbers
 * them), input comes from stdin, and the Status saying how the command ended
 * closes the session.
 */
export interface CommandSession {
  readonly stdin: InputQueue
  /**
   * Whether the apiserver's stream translator stands between the client and
   * the node (a WebSocket client: the kubelet speaks SPDY, and the
   * translator re-wraps its failure Status in an InternalError of its own);
   * over SPDY the kubelet's answer is proxied as it is.
   */
  readonly translated: boolean
  /** Writes to the client's stdout or stderr (channels.stdout, channels.stderr). */
  write(channel: number, text: string): void
  /** Calls fn when the client goes away (or the session finished). */
  onClose(fn: () => void): void
  /** Sends how the command ended (a Status) and closes the session. */
  finish(status: Record<string, unknown>): void
}

/** The streams an exec or attach asked for (PodExecOptions / PodAttachOptions). */
export interface RequestedStreams {
  stdin: boolean
  stdout: boolean
  stderr: boolean
  tty: boolean
}
