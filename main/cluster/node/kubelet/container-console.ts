import { PassThrough } from 'node:stream'
import type { ContainerConsole } from '../../world/container-logs'

/**
 * The console of a container with `stdin: true`: a pipe into its main
 * process (what `kubectl attach -i` / `kubectl run -it` types) and the
 * listeners of its raw output. `stdinOnce` closes the pipe when the first
 * attached client leaves.
 */
export class ProcessConsole implements ContainerConsole {
  /** What the main process reads as stdin. */
  readonly stdin = new PassThrough({ encoding: 'utf8' })
  private readonly listeners = new Set<(text: string, stream: 'stdout' | 'stderr') => void>()
  private readonly endListeners = new Set<() => void>()
  private ended = false

  constructor(readonly tty: boolean) {}

  input(text: string): void {
    if (!this.stdin.writableEnded) this.stdin.write(text)
  }

  endInput(): void {
    if (!this.stdin.writableEnded) this.stdin.end()
  }

  onOutput(fn: (text: string, stream: 'stdout' | 'stderr') => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** The process wrote: every attached client sees it at once. */
  output(text: string, stream: 'stdout' | 'stderr'): void {
    for (const fn of [...this.listeners]) fn(text, stream)
  }

  /** The main process exited: attached clients are done. */
  end(): void {
    this.ended = true
    for (const fn of [...this.endListeners]) fn()
    this.endListeners.clear()
  }

  onEnd(fn: () => void): () => void {
    if (this.ended) {
      fn()
      return () => {}
    }
    this.endListeners.add(fn)
    return () => this.endListeners.delete(fn)
  }
}
