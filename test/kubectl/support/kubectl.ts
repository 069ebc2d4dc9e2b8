import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Cluster, type ClusterOptions } from '../../../main/cluster/cluster'

/** The reference client. */
export const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl'

/** Whether real kubectl is here; tests that need it say so when it is not. */
export const hasKubectl = existsSync(kubectlPath)
if (!hasKubectl) console.warn(`kubectl tests skipped: they need kubectl 1.32 at ${kubectlPath} (or set KUBECTL)`)

export interface KubectlResult {
  code: number
  stdout: string
  stderr: string
}

/** A headless cluster with its HTTPS API on 127.0.0.1, and a way to run kubectl against it. */
export interface KubectlHarness {
  cluster: Cluster
  kubeconfig: string
  /** Runs kubectl with the cluster's kubeconfig and a private discovery cache; stdin optional. */
  run(args: string[], stdin?: string): Promise<KubectlResult>
  stop(): Promise<void>
}

/** Starts a cluster in a temporary data dir (so the kubeconfig is written) with the API on a free port. */
export async function startKubectlHarness(options: Omit<ClusterOptions, 'dataDir' | 'apiPort'> = {}): Promise<KubectlHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-'))
  const cluster = await Cluster.start({ clock: 'instant', ...options, dataDir: join(dir, 'data'), apiPort: 0 })
  const kubeconfig = cluster.apiServer!.kubeconfigPath!
  const cacheDir = join(dir, 'cache')
  return {
    cluster,
    kubeconfig,
    run: (args, stdin) => runKubectl(['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], stdin),
    stop: async () => {
      await cluster.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Runs kubectl without blocking the event loop (the cluster answers it from this same process). */
export function runKubectl(args: string[], stdin?: string, timeoutMs = 30_000): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kubectl ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
    child.stdin.end(stdin ?? '')
  })
}
