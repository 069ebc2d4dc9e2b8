import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A running `npm run serve` for a test, and what its ready line said. */
export interface ServedCluster {
  process: ChildProcess
  dataDir: string
  /** The parts of the ready line: ui, api, kubeconfig. */
  parts: Record<string, string>
  stop(): Promise<void>
}

/** The contract's ready line: `Kubelab ready: kubeconfig=<path> api=<url> ui=<url>`. */
export const readyLine = /^Kubelab ready:(.*)$/m

/** How long a stopping cluster may take before it is killed. */
const stopTimeoutMs = 20_000

/**
 * Starts serve mode on a fresh data dir and waits (bounded) for its ready line.
 * It runs in a process group of its own: `npm run serve` means npx, tsx and
 * node, and a signal to the first one alone leaves the server running (as
 * npm exec does not pass SIGTERM on), so stop() signals the whole group.
 */
export async function startServe(args: string[] = [], timeoutMs = 120_000): Promise<ServedCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-'))
  const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs')
  const child = spawn(process.execPath, [tsx, 'main/serve.ts', '--data-dir', dataDir, '--ui-port', '0', '--api-port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, KUBELAB_EXIT_WITH_PARENT: String(process.pid) }
  })
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal)
    } catch {
      // The group is gone already.
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let out = ''
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const parts = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => {
      signalGroup('SIGKILL')
      reject(new Error(`serve did not print its ready line within ${timeoutMs} ms\n${err}`))
    }, timeoutMs)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = readyLine.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Object.fromEntries(m[1].trim().split(/\s+/).filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code} before it was ready\n${err}`))
    })
  })
  return {
    process: child,
    dataDir,
    parts,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup('SIGTERM')
        const timer = setTimeout(() => signalGroup('SIGKILL'), stopTimeoutMs)
        await exited
        clearTimeout(timer)
      }
      // tsx's own child may outlive it by a moment; nothing of the group may outlive the test.
      signalGroup('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
