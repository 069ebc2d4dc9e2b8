import type { Pod } from 'kubernetes-types/core/v1'
import { createClock } from '../../../../main/cluster/clock'
import { registerBasicPrograms, KillSwitch, runProgram } from '../../../../main/cluster/node/programs'
import { ExecCommandTable } from '../../../../main/cluster/world/exec-commands'
import { containerFileSystem } from '../../../../main/cluster/node/programs/file-system'

export const pod: Pod = { metadata: { name: 'web-0', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }

/** Runs argv in a container with the basic programs; returns what it wrote and its status. `writable` gives the container its own writable layer (the image's root alone by default). */
export async function run(argv: string[], options: { stdin?: string | string[]; env?: Record<string, string>; tty?: boolean; writable?: boolean; pod?: Pod } = {}) {
  const clock = createClock({ mode: 'manual' })
  const commands = new ExecCommandTable()
  registerBasicPrograms(commands, clock)
  let stdout = ''
  let stderr = ''
  async function* stdin() {
    for (const chunk of typeof options.stdin === 'string' ? [options.stdin] : (options.stdin ?? [])) yield chunk
  }
  const files = options.writable ? containerFileSystem(options.pod ?? pod, 'c', () => undefined, { files: new Map(), dirs: new Set(), removed: new Set() }) : undefined
  const pending = runProgram(commands, {
    pod: options.pod ?? pod,
    files,
    container: 'c',
    argv,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: options.stdin === undefined ? undefined : stdin(),
    clock,
    tty: options.tty,
    env: options.env ?? { HOSTNAME: 'web-0' },
    kill: new KillSwitch()
  })
  // Sleeps wait on the manual clock: move it until the program is done.
  let done = false
  pending.then(
    () => (done = true),
    () => (done = true)
  )
  for (let i = 0; i < 100 && !done; i++) {
    await new Promise((r) => setImmediate(r))
    if (!done) await clock.step(1000)
  }
  const code = await pending
  clock.dispose()
  return { code, stdout, stderr }
}
