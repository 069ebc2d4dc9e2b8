import { describe, expect, it } from 'vitest'
import { createClock } from '../../../../main/cluster/clock'
import { registerBasicPrograms, KillSwitch, runProgram } from '../../../../main/cluster/node/programs'
import { ExecCommandTable } from '../../../../main/cluster/world/exec-commands'
import { pod, run } from './run-program'

const sh = async (script: string, options: { stdin?: string } = {}) => run(['sh', '-c', script], { ...options, writable: true })
const out = async (script: string, prefix = '') => (await sh(prefix + script)).stdout

describe('sh: for, case, read, functions, field splitting', () => {
  it('for loops over words, over a command substitution split into fields, and over "$@"', async () => {
    expect((await sh('for i in 1 2 3; do echo "n=$i"; done')).stdout).toBe('n=1\nn=2\nn=3\n')
    expect((await sh('for i in $(seq 1 4); do printf "%s," $i; done; echo')).stdout).toBe('1,2,3,4,\n')
    expect((await run(['sh', '-c', 'for a; do echo "[$a]"; done', 'me', 'x y', 'z'])).stdout).toBe('[x y]\n[z]\n')
    expect((await run(['sh', '-c', 'echo $0 $# "$1"', 'me', 'a b'])).stdout).toBe('me 1 a b\n')
    expect((await sh('for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done')).stdout).toBe('1\n3\n')
    expect((await sh('x="a   b"; for w in $x; do echo $w; done; echo "$x"')).stdout).toBe('a\nb\na   b\n')
    expect((await sh('for i in 1 2; echo $i; done')).stderr).toBe('sh: syntax error: unexpected "echo" (expecting "do")\n')
  })

  it('case with alternatives, globs and a default', async () => {
    const script = (v: string) => `case ${v} in a|b) echo ab;; c*) echo c-word;; "*") echo star;; *) echo other;; esac`
    expect((await sh(script('b'))).stdout).toBe('ab\n')
    expect((await sh(script('cat'))).stdout).toBe('c-word\n')
    expect((await sh(script('"*"'))).stdout).toBe('star\n')
    expect((await sh(script('zz'))).stdout).toBe('other\n')
  })

  it('read from a pipe and from an input redirection; < file; pwd and cd', async () => {
    expect((await sh('printf "a b c\\nd e\\n" | while read x rest; do echo "$x|$rest"; done')).stdout).toBe('a|b c\nd|e\n')
    expect((await sh('echo one > /tmp/f; echo two >> /tmp/f; while read l; do echo "got $l"; done < /tmp/f; wc -l < /tmp/f')).stdout).toBe('got one\ngot two\n2\n')
    expect(await sh('cat < /nope')).toEqual({ code: 1, stdout: '', stderr: "sh: can't open '/nope': No such file or directory\n" })
    expect((await sh('read a b', { stdin: 'x y z\n' })).code).toBe(0)
    expect((await sh('pwd; cd /tmp && pwd; cd ..; pwd; cd /nope')).stdout).toBe('/\n/tmp\n/\n')
    expect((await sh('cd /nope')).stderr).toBe("sh: cd: can't cd to /nope: No such file or directory\n")
    expect((await sh('cd /tmp; echo hi > rel; head /tmp/rel; cd /; head tmp/rel')).stdout).toBe('hi\nhi\n')
  })

  it('functions, groups, subshells, backticks and !', async () => {
    expect((await sh('greet() { echo "hello $1"; return 3; }; greet you; echo $?')).stdout).toBe('hello you\n3\n')
    expect((await sh('x=1; (x=2; echo $x); echo $x; { x=3; }; echo $x')).stdout).toBe('2\n1\n3\n')
    expect((await sh('echo `echo back` "`echo q`"')).stdout).toBe('back q\n')
    expect((await sh('! false && echo negated')).stdout).toBe('negated\n')
    expect((await sh('(exit 4); echo $?')).stdout).toBe('4\n')
  })

  it('${...}: defaults, assignment, alternatives, errors, length and pattern removal', async () => {
    expect(await out('echo ${u:-def} ${u-unset} "${e:-empty}" "${e-x}" ${u:=set}; echo $u ${u:+alt} ${#u}', 'e=; ')).toBe('def unset empty  set\nset alt 3\n')
    expect(await out('f=/a/b/c.tar.gz; echo ${f##*/} ${f#*/} ${f%.*} ${f%%.*} ${x:-${f%/*}}')).toBe('c.tar.gz a/b/c.tar.gz /a/b/c.tar /a/b/c /a/b\n')
    expect(await sh('echo ${need:?must be given}; echo after')).toEqual({ code: 2, stdout: '', stderr: 'sh: need: must be given\n' })
    expect((await run(['sh', '-c', 'echo ${1:-none} ${2:-none}', 'me', 'one'])).stdout).toBe('one none\n')
  })

  it('set -e ends the script at a failing command (not in conditions or before && ||), -x traces, -u rejects unset names; sh -ec', async () => {
    expect(await sh('set -e; if false; then :; fi; false || echo ok; ! true; false && :; echo before; false; echo after')).toEqual({ code: 1, stdout: 'ok\nbefore\n', stderr: '' })
    expect(await run(['sh', '-ec', 'echo one; nosuch; echo two'])).toEqual({ code: 127, stdout: 'one\n', stderr: 'sh: nosuch: not found\n' })
    expect(await sh('set -x; x=1; echo "$x y"')).toEqual({ code: 0, stdout: '1 y\n', stderr: '+ x=1\n+ echo 1 y\n' })
    expect(await sh('set -u; echo ${v:-ok}; echo $v; echo no')).toEqual({ code: 2, stdout: 'ok\n', stderr: 'sh: v: parameter not set\n' })
    expect(await sh('set -- a b; echo $# $2; set +e; set -q')).toEqual({ code: 2, stdout: '2 b\n', stderr: 'sh: set: illegal option -q\n' })
  })

  it('here-documents: expanded unless the word is quoted, <<- strips tabs, several on one line', async () => {
    expect(await out('name=web; head <<EOF\nhello $name\n\\$HOME is $(echo sub)\nEOF\necho done')).toBe('hello web\n$HOME is sub\ndone\n')
    expect(await out("head <<'END'\nliteral $x `x`\nEND")).toBe('literal $x `x`\n')
    expect(await out('if true; then\n\thead <<-X\n\tindented\n\tX\nfi')).toBe('indented\n')
    expect(await out('while read a; do echo "[$a]"; done <<A; wc -l <<B\none\ntwo\nA\nx\nB')).toBe('[one]\n[two]\n1\n')
  })

  it('pathname expansion: unquoted globs become the matching files, sorted; no match stays as written', async () => {
    expect(await out('echo /etc/h*; echo "/etc/h*" /nope/* /etc/pass?d /etc/[gp]*')).toBe('/etc/hostname /etc/hosts\n/etc/h* /nope/* /etc/passwd /etc/group /etc/passwd\n')
    expect(await out('mkdir /tmp/d; touch /tmp/d/b.txt /tmp/d/a.txt /tmp/d/.hidden; cd /tmp/d; for f in *.txt; do echo "file $f"; done; x="*"; echo $x')).toBe('file a.txt\nfile b.txt\na.txt b.txt\n')
  })

  it("runs the HPA walkthrough's load generator, each round on the cluster clock, until killed", async () => {
    const clock = createClock({ mode: 'manual' })
    const commands = new ExecCommandTable()
    let requests = 0
    commands.register('wget', (ctx) => {
      requests++
      ctx.stdout('OK!')
      return 0
    })
    registerBasicPrograms(commands, clock)
    const kill = new KillSwitch()
    let stdout = ''
    const argv = ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done']
    const done = runProgram(commands, { pod, container: 'c', argv, stdout: (t) => (stdout += t), stderr: () => {}, clock, env: {}, kill })
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r))
      await clock.step(10)
    }
    await new Promise((r) => setImmediate(r))
    kill.kill()
    expect(await done).toBe(143)
    expect(requests).toBe(5)
    expect(stdout).toBe('OK!'.repeat(5))
    clock.dispose()
  })
})
