import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { kubectlPath } from './kubectl'

/** What a kubectl run on a terminal printed (as the terminal shows it, CR LF and all) and its exit code. */
export interface TerminalResult {
  out: string
  code: number | null
}

/**
 * Runs kubectl on a pseudo-terminal (python's pty), typing each step's keys
 * once its text has appeared, as a user would. Gives up after 25 s.
 */
export async function onTerminal(kubeconfig: string, args: string[], steps: [string, string][]): Promise<TerminalResult> {
  const driver = [
    'import json, os, pty, select, sys, time',
    'steps = json.loads(sys.argv[1])',
    'pid, fd = pty.fork()',
    'if pid == 0:',
    '    os.execv(sys.argv[2], sys.argv[2:])',
    'out, seen, deadline = b"", 0, time.time() + 25',
    'while time.time() < deadline:',
    '    if steps and steps[0][0].encode() in out[seen:]:',
    '        seen = out.index(steps[0][0].encode(), seen) + len(steps[0][0])',
    '        os.write(fd, steps.pop(0)[1].encode())',
    '    r, _, _ = select.select([fd], [], [], 0.1)',
    '    if r:',
    '        try: data = os.read(fd, 4096)',
    '        except OSError: break',
    '        if not data: break',
    '        out += data',
    'sys.stdout.write(out.decode())',
    'if time.time() >= deadline: os.kill(pid, 9)',
    'sys.exit(os.WEXITSTATUS(os.waitpid(pid, 0)[1]))'
  ].join('\n')
  const cache = mkdtempSync(join(tmpdir(), 'kubelab-tty-'))
  try {
    const child = spawn('python3', ['-c', driver, JSON.stringify(steps), kubectlPath, '--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], {
      env: { ...process.env, KUBECONFIG: '' }
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return { out, code }
  } finally {
    rmSync(cache, { recursive: true, force: true })
  }
}
