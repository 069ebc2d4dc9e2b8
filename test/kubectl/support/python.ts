import { spawn, spawnSync } from 'node:child_process'

/**
 * Debian's python3-kubernetes as a second real client: its interpreter
 * (python3-kubernetes lives in Debian's dist-packages, which a pyenv python3
 * on PATH would not see), its version when present, and a runner for a
 * script that prints one JSON line per step, so a test can say which step
 * went wrong.
 */
export const python = process.env.KUBELAB_PYTHON ?? '/usr/bin/python3'

const probe = spawnSync(python, ['-c', 'import kubernetes; print(kubernetes.__version__)'], { encoding: 'utf8' })

/** The client's version, or undefined when it is not installed (the tests are then skipped, with a warning naming what to install). */
export const pythonClient = probe.status === 0 ? probe.stdout.trim() : undefined

export function warnIfNoPythonClient(what: string): void {
  if (!pythonClient) console.warn(`${what} skipped: they need ${python} with the kubernetes module (Debian: apt-get install python3-kubernetes; or set KUBELAB_PYTHON)`)
}

/** One step's JSON line. */
export interface Step {
  step: string
  [k: string]: unknown
}

/**
 * Runs the script with the kubeconfig as its argument, without blocking the
 * event loop (the cluster answers from this process). `timeoutMs` bounds a
 * client that hangs, so the failure shows how far it got.
 */
export function runPythonScript(script: string, kubeconfig: string, timeoutMs: number): Promise<{ code: number; steps: Step[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-', kubeconfig], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the python client did not finish\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, steps: stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Step), stderr })
    })
    child.stdin.end(script)
  })
}
