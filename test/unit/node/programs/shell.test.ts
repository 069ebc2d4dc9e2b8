import { describe, expect, it } from 'vitest'
import { createClock } from '../../../../main/cluster/clock'
import { registerBasicPrograms, KillSwitch, runProgram, ExecutableNotFound } from '../../../../main/cluster/node/programs'
import { parseShell, ShellSyntaxError } from '../../../../main/cluster/node/programs/shell-parse'
import { ExecCommandTable } from '../../../../main/cluster/world/exec-commands'
import { pod, run } from './run-program'

describe('sh (busybox ash, as tutorials use it)', () => {
  it('runs lists: ; && || and exit codes', async () => {
    expect(await run(['sh', '-c', 'echo a; echo b && echo c || echo d'])).toEqual({ code: 0, stdout: 'a\nb\nc\n', stderr: '' })
    expect(await run(['sh', '-c', 'false && echo no; echo $?'])).toMatchObject({ stdout: '1\n' })
    expect(await run(['sh', '-c', 'false || echo yes'])).toMatchObject({ stdout: 'yes\n', code: 0 })
    expect(await run(['sh', '-c', 'echo before; exit 3; echo after'])).toEqual({ code: 3, stdout: 'before\n', stderr: '' })
    expect((await run(['sh', '-c', 'exit 300'])).code).toBe(44)
  })

  it('quotes, variables, assignments and redirections', async () => {
    expect((await run(['sh', '-c', `X=1; echo "x is $X" 'not $X' \${HOSTNAME}`])).stdout).toBe('x is 1 not $X web-0\n')
    expect(await run(['sh', '-c', 'echo err >&2; echo out; echo gone >/dev/null; echo also 2>&1 1>/dev/null'])).toEqual({ code: 0, stdout: 'out\n', stderr: 'err\n' })
  })

  it('a missing program is "sh: x: not found", status 127', async () => {
    expect(await run(['sh', '-c', 'nosuch arg'])).toEqual({ code: 127, stdout: '', stderr: 'sh: nosuch: not found\n' })
  })

  it('pipelines hand one command\'s output to the next; loops run until their condition fails', async () => {
    expect(await run(['sh', '-c', 'echo hi | sh'])).toEqual({ code: 127, stdout: '', stderr: 'sh: hi: not found\n' })
    expect((await run(['sh', '-c', 'echo echo piped | sh'])).stdout).toBe('piped\n')
    expect((await run(['sh', '-c', 'while false; do echo never; done; echo end'])).stdout).toBe('end\n')
    expect((await run(['sh', '-c', 'until true; do echo never; done'])).code).toBe(0)
  })

  it('command substitution, arithmetic and date', async () => {
    expect((await run(['sh', '-c', 'echo $((2 + 3 * (4 - 1) % 5)) $((7 / 2)) $((-x))'])).stdout).toBe('6 3 0\n')
    expect((await run(['sh', '-c', 'x=$(echo hi; echo there); echo "[$x]"'])).stdout).toBe('[hi\nthere]\n')
    expect((await run(['sh', '-c', 'echo $((1 / 0))'])).code).toBe(2)
    expect((await run(['date'])).stdout).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/)
    expect((await run(['date', '+%F %T'])).stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$/)
  })

  it('runs the counter pod of the Kubernetes logging docs until it is killed', async () => {
    const clock = createClock({ mode: 'manual' })
    const commands = new ExecCommandTable()
    registerBasicPrograms(commands, clock)
    const kill = new KillSwitch()
    let stdout = ''
    const counter = 'i=0; while true; do echo "$i: $(date +%T)"; i=$((i+1)); sleep 1; done'
    const done = runProgram(commands, { pod, container: 'c', argv: ['/bin/sh', '-c', counter], stdout: (t) => (stdout += t), stderr: () => {}, clock, env: {}, kill, background: true })
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r))
      await clock.step(1000)
    }
    await new Promise((r) => setImmediate(r))
    kill.kill()
    expect(await done).toBe(143)
    expect(stdout.split('\n').slice(0, 4).map((l) => l.replace(/\d\d:\d\d:\d\d/, 'T'))).toEqual(['0: T', '1: T', '2: T', '3: T'])
    clock.dispose()
  })

  it('if/elif/else with test and [', async () => {
    const script = (x: string) => `x=${x}; if [ $x -lt 5 ]; then echo small; elif test "$x" = 10; then echo ten; else echo big; fi`
    expect((await run(['sh', '-c', script('3')])).stdout).toBe('small\n')
    expect((await run(['sh', '-c', script('10')])).stdout).toBe('ten\n')
    expect((await run(['sh', '-c', script('11')])).stdout).toBe('big\n')
    expect((await run(['sh', '-c', 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done'])).stdout).toBe('0\n1\n2\n')
    expect((await run(['sh', '-c', '[ -d /etc ] && [ -f /etc/hosts ] && [ ! -e /nope ] && [ -z "" ] && echo ok'])).stdout).toBe('ok\n')
    expect(await run(['[', '1', '-lt', 'x', ']'])).toEqual({ code: 2, stdout: '', stderr: "[: invalid number 'x'\n" })
    expect((await run(['[', '1'])).stderr).toBe('[: missing ]\n')
    expect((await run(['sh', '-c', 'if true; then echo x'])).code).toBe(2)
  })

  it('sleep waits on the cluster clock', async () => {
    expect(await run(['sh', '-c', 'echo a; sleep 2; echo b'])).toEqual({ code: 0, stdout: 'a\nb\n', stderr: '' })
    expect(await run(['sleep', 'x'])).toEqual({ code: 1, stdout: '', stderr: "sleep: invalid number 'x'\n" })
  })

  it('reads commands from stdin without -c', async () => {
    expect(await run(['sh'], { stdin: 'echo one\nexit 4\necho two\n' })).toEqual({ code: 4, stdout: 'one\n', stderr: '' })
  })

  it('stdin lines may arrive split across chunks', async () => {
    expect((await run(['sh'], { stdin: ['ec', 'ho spl', 'it\nexit 2\n'] })).stdout).toBe('split\n')
  })

  it('on a terminal: a prompt, typed keys echoed, backspace, Ctrl-C, Ctrl-D', async () => {
    const keys = ['e', 'c', 'h', 'o', ' ', 'h', 'x', '\x7f', 'i', '\r', 'n', 'o', '\x03', '\x04']
    const r = await run(['sh'], { stdin: keys, tty: true })
    expect(r.stdout).toBe('/ # echo hx\b \bi\r\nhi\n/ # no^C\r\n/ # exit\n')
    expect((await run(['/bin/bash'], { stdin: ['exit 5\r'], tty: true })).stdout).toBe('root@web-0:/# exit 5\r\n')
  })

  it('syntax errors are reported like sh, status 2', async () => {
    expect((await run(['sh', '-c', 'echo "open'])).code).toBe(2)
    expect((await run(['sh', '-c', 'while true; do echo x'])).stderr).toMatch(/^sh: syntax error/)
    expect(() => parseShell('| x')).toThrow(ShellSyntaxError)
  })

  it('never loops on odd input', () => {
    for (const script of ['|', '>', '2>', '&&', '(x)', '<in', 'a|', 'echo >', 'x 3>&', '#only', '\\', '$', '${a', 'do', 'done']) {
      try {
        parseShell(script)
      } catch (e) {
        expect(e).toBeInstanceOf(ShellSyntaxError)
      }
    }
  })
})

describe('basic programs', () => {
  it('echo, hostname, env, printenv, ls, true, false', async () => {
    expect((await run(['echo', '-n', 'a', 'b'])).stdout).toBe('a b')
    expect((await run(['/bin/echo', '-e', 'a\\tb'])).stdout).toBe('a\tb\n')
    expect((await run(['hostname'])).stdout).toBe('web-0\n')
    expect((await run(['env'], { env: { A: '1', B: 'two' } })).stdout).toBe('A=1\nB=two\n')
    expect(await run(['printenv', 'B', 'NOPE'], { env: { B: 'two' } })).toEqual({ code: 1, stdout: 'two\n', stderr: '' })
    expect((await run(['ls', '/'])).stdout).toContain('etc\n')
    expect(await run(['ls', '/nope'])).toEqual({ code: 1, stdout: '', stderr: 'ls: /nope: No such file or directory\n' })
    expect((await run(['true'])).code).toBe(0)
    expect((await run(['false'])).code).toBe(1)
  })

  it('a program the table lacks is ExecutableNotFound (containerd cannot start it)', async () => {
    await expect(run(['nosuch'])).rejects.toBeInstanceOf(ExecutableNotFound)
  })
})

describe('head, tail and wc in pipelines', () => {
  it('head and tail take -n N or -N, from standard input through a pipe', async () => {
    expect((await run(['head', '-n', '2'], { stdin: '1\n2\n3\n4\n' })).stdout).toBe('1\n2\n')
    expect((await run(['tail', '-1'], { stdin: '1\n2\n3\n4\n' })).stdout).toBe('4\n')
    expect((await run(['sh', '-c', 'hostname | head -n 1'])).stdout).toBe('web-0\n')
    expect((await run(['head', '-n', 'x'])).stderr).toBe("head: invalid number 'x'\n")
  })

  it('wc counts lines, words and bytes; one count of standard input is bare', async () => {
    expect((await run(['sh', '-c', 'echo hello world | wc -l'])).stdout).toBe('1\n')
    expect((await run(['sh', '-c', 'echo hello world | wc'])).stdout).toBe('        1         2        12\n')
  })
})
