import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { onTerminal as terminal } from './support/terminal'
import { waitFor } from '../support/wait'

/**
 * `kubectl run -it --rm` and `kubectl attach -it` on a real terminal (python's
 * pty), typing each step's keys once its text has appeared, as a user would.
 */
describe.skipIf(!hasKubectl)('kubectl: run -it and attach -it on a terminal', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness()
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  const onTerminal = (args: string[], steps: [string, string][]) => terminal(k.kubeconfig, args, steps)

  it('run -it --rm --image=busybox: a shell prompt, the session, then the pod is deleted', async () => {
    const r = await onTerminal(['run', '-it', '--rm', '--image=busybox', 'shell', '--', 'sh'], [
      ['try pressing enter.', '\r'],
      ['/ # ', 'echo hi\r'],
      ['hi\r\n/ # ', 'exit\r']
    ])
    // (How many blank lines precede the first prompt depends on when the typed Enter reaches the shell, as in the attach test below.)
    expect(r.out).toMatch(
      /^If you don't see a command prompt, try pressing enter\.\r\n(\r\n)+\/ # echo hi\r\nhi\r\n\/ # exit\r\nSession ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running\r\npod "shell" deleted\r\n$/
    )
    expect(r.code).toBe(0)
    expect((await k.run(['get', 'pod', 'shell'])).stderr).toBe('Error from server (NotFound): pods "shell" not found\n')
  })

  it('attach -it to a running shell; when the shell exits the container restarts (restartPolicy Always) and attach reaches the new one', async () => {
    // Without a terminal, kubectl run -i feeds an empty stdin: the shell reads end of input and exits, and the container restarts.
    const first = await k.run(['run', 'box', '--image=busybox', '-it', '--', 'sh'], '')
    expect(first.stderr).toBe("Unable to use a TTY - input is not a terminal or the right kind of file\nIf you don't see a command prompt, try pressing enter.\n")
    await waitFor(async () => (await k.run(['get', 'pod', 'box', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])).stdout === '1', 'a restart after the shell exited')
    const last = JSON.parse((await k.run(['get', 'pod', 'box', '-o', 'jsonpath={.status.containerStatuses[0].lastState}'])).stdout)
    expect(last.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
    await waitFor(async () => (await k.run(['get', 'pod', 'box', '-o', 'jsonpath={.status.containerStatuses[0].state.running}'])).stdout !== '', 'running again')

    const r = await onTerminal(['attach', '-it', 'box'], [
      ['try pressing enter.', '\r'],
      ['/ # ', 'echo there\r'],
      ['there\r\n/ # ', 'exit 3\r']
    ])
    // (How many blank lines precede the first prompt depends on when the typed Enter reaches the shell.)
    expect(r.out).toMatch(
      /^If you don't see a command prompt, try pressing enter\.\r\n(\r\n)+\/ # echo there\r\nthere\r\n\/ # exit 3\r\nSession ended, resume using 'kubectl attach box -c box -i -t' command when the pod is running\r\n$/
    )
    // The shell's exit code ends the container: Error, and another restart.
    await waitFor(async () => {
      const status = JSON.parse((await k.run(['get', 'pod', 'box', '-o', 'jsonpath={.status.containerStatuses[0]}'])).stdout || '{}')
      return status.restartCount === 2 && status.lastState?.terminated?.exitCode === 3 && status.lastState.terminated.reason === 'Error'
    }, 'exit 3 recorded as the last state')
  })

  it('a container whose command finishes completes: restartPolicy Never leaves the pod Succeeded', async () => {
    expect((await k.run(['run', 'once', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo done'])).code).toBe(0)
    await waitFor(async () => (await k.run(['get', 'pod', 'once', '-o', 'jsonpath={.status.phase}'])).stdout === 'Succeeded', 'pod Succeeded')
    expect((await k.run(['logs', 'once'])).stdout).toBe('done\n')
    expect((await k.run(['get', 'pod', 'once', '--no-headers'])).stdout).toMatch(/^once\s+0\/1\s+Completed\s+0\s+\S+\n$/)
  })
})
