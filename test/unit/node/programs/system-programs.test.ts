import type { Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { nodeSystemInfo } from '../../../../main/cluster/node/kubelet/node-info'
import { pod, run } from './run-program'

describe('busybox system tools: uname, id, whoami, ps, free, df, nproc, which, basename, dirname', () => {
  it("uname reports the node's kernel and the pod's hostname", async () => {
    const kernel = nodeSystemInfo('n', 'b').kernelVersion
    expect((await run(['uname'])).stdout).toBe('Linux\n')
    expect((await run(['uname', '-r'])).stdout).toBe(`${kernel}\n`)
    expect((await run(['uname', '-m', '-n'])).stdout).toBe('web-0 x86_64\n')
    expect((await run(['uname', '-a'])).stdout).toMatch(new RegExp(`^Linux web-0 ${kernel} #\\d+-Ubuntu SMP .* x86_64 GNU/Linux\\n$`))
  })

  it('id and whoami: root, or the securityContext user', async () => {
    expect((await run(['id'])).stdout).toBe('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n')
    expect((await run(['whoami'])).stdout).toBe('root\n')
    const runAs: Pod = { ...pod, spec: { securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000 }, containers: [{ name: 'c', image: 'busybox' }] } }
    expect((await run(['id'], { pod: runAs })).stdout).toBe('uid=1000 gid=3000 groups=3000,2000\n')
    expect(await run(['whoami'], { pod: runAs })).toEqual({ code: 1, stdout: '', stderr: 'whoami: unknown uid 1000\n' })
    const nobody: Pod = { ...pod, spec: { containers: [{ name: 'c', image: 'busybox', securityContext: { runAsUser: 65534 } }] } }
    expect((await run(['id', '-un'], { pod: nobody })).stdout).toBe('nobody\n')
  })

  it("ps lists the container's main process as PID 1 and itself", async () => {
    const sleeper: Pod = { ...pod, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } }
    const { stdout } = await run(['ps'], { pod: sleeper })
    expect(stdout).toMatch(/^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 sleep 3600\n +\d+ root {6}0:00 ps\n$/)
    expect((await run(['ps'])).stdout.split('\n')[1]).toBe('    1 root      0:00 sh')
  })

  it("free, nproc and df show the node's memory, CPUs and disk (they are not cgroup-aware)", async () => {
    const free = (await run(['free'])).stdout.split('\n')
    expect(free[0]).toBe('              total        used        free      shared  buff/cache   available')
    expect(free[1]).toMatch(/^Mem: {8}8048204( +\d+){5}$/)
    expect(free[2]).toBe('Swap:             0           0           0')
    expect((await run(['free', '-m'])).stdout.split('\n')[1]).toMatch(/^Mem: {11}7859 /)
    expect((await run(['nproc'])).stdout).toBe('4\n')
    const df = (await run(['df', '-h'])).stdout.split('\n')
    expect(df[0]).toBe('Filesystem                Size      Used Available Use% Mounted on')
    expect(df[1]).toMatch(/^overlay {18}97\.9G +\S+ +\S+ +\d+% \/$/)
  })

  it('which, basename and dirname', async () => {
    expect(await run(['which', 'sh', 'awk', 'nosuch'])).toEqual({ code: 1, stdout: '/bin/sh\n/bin/awk\n', stderr: '' })
    expect((await run(['sh', '-c', 'basename /a/b/c.txt .txt; basename /; dirname /a/b/c; dirname c; dirname /a'])).stdout).toBe('c\n/\n/a/b\n.\n/\n')
  })
})
