import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const WRITER = join(import.meta.dirname, 'fixtures', 'writer.ts')

/** A fresh temp dir; remove it with `cleanup`. */
export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubelab-storage-'))
}

export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** The shard files of a data dir. */
export async function shardFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /^shard-\d+-of-\d+\.db$/.test(f)).map((f) => join(dir, f))
}

/** A child process running the writer fixture, with its stdout split into JSON lines. */
export class WriterProcess {
  readonly child: ChildProcessWithoutNullStreams
  readonly lines: unknown[] = []
  private buffer = ''
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = []
  private exited: Promise<number | null>
  /** Every byte the child wrote has been read: 'exit' may come before the last lines still in the pipe. */
  private closed: Promise<void>
  stderr = ''

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout.setEncoding('utf8')
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk
      let nl: number
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(JSON.parse(this.buffer.slice(0, nl)))
        this.buffer = this.buffer.slice(nl + 1)
      }
      this.waiters = this.waiters.filter((w) => (w.test() ? (w.resolve(), false) : true))
    })
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()))
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)))
    this.closed = new Promise((resolve) => this.child.on('close', () => resolve()))
  }

  /** Resolves once `test` holds (checked after each chunk of output); rejects if the child exits first. */
  waitFor(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.waiters.push({ test, resolve })
      void this.exited.then(() => reject(new Error(`writer exited early: ${this.stderr}`)))
    })
  }

  /**
   * SIGKILL (no chance to flush or close anything), then wait until its output is read to the end:
   * every line it printed before dying counts (an acknowledgement still in the pipe at 'exit' would be lost).
   */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL')
    await this.closed
  }
}
