import { describe, expect, it } from 'vitest'
import { run } from './run-program'

const sh = async (script: string) => run(['sh', '-c', script], { writable: true })
const out = async (script: string) => (await sh(script)).stdout

describe('busybox text tools: printf, seq, expr, sort, uniq, cut, tr', () => {
  it('printf formats, reuses its format, and says when a number is bad', async () => {
    expect(await out(`printf '%5s|%-4d|%03d|%x|%.2f|%c\\n' ab 7 5 255 3.14159 xyz`)).toBe('   ab|7   |005|ff|3.14|x\n')
    expect(await out(`printf '%s\\n' a b c`)).toBe('a\nb\nc\n')
    expect(await run(['printf', '%d\\n', 'abc'])).toEqual({ code: 1, stdout: '0\n', stderr: "printf: invalid number 'abc'\n" })
  })

  it('seq counts up, down, by fractions, padded and with a separator; no operand shows the usage', async () => {
    expect(await out('seq 3; seq 10 -3 1')).toBe('1\n2\n3\n10\n7\n4\n1\n')
    expect(await out('seq -w 8 10; seq -s, 1 3; seq 1 0.5 2')).toBe('08\n09\n10\n1,2,3\n1.0\n1.5\n2.0\n')
    const usage = await run(['seq'])
    expect(usage.code).toBe(1)
    expect(usage.stderr).toMatch(/^BusyBox v1\.36\.1 .*\n\nUsage: seq \[-w\] \[-s SEP\] \[FIRST \[INC\]\] LAST\n/)
  })

  it('expr computes, matches, and sets its status from the result', async () => {
    expect(await out(`expr 2 + 3 \\* 4; expr 7 / 2; expr length hello; expr hello : 'h\\(.*\\)o'; expr abc : 'a.'`)).toBe('14\n3\n5\nell\n2\n')
    expect(await run(['expr', '1', '=', '2'])).toEqual({ code: 1, stdout: '0\n', stderr: '' })
    expect(await run(['expr', '1', '/', '0'])).toEqual({ code: 2, stdout: '', stderr: 'expr: division by zero\n' })
  })

  it('sort: bytes, numbers by key, reversed and unique; a missing file ends it', async () => {
    const file = `printf "b 2\\na 10\\nc 1\\na 10\\n" > /tmp/s; `
    expect(await out(`${file}sort /tmp/s`)).toBe('a 10\na 10\nb 2\nc 1\n')
    expect(await out(`${file}sort -n -k2 /tmp/s`)).toBe('c 1\nb 2\na 10\na 10\n')
    expect(await out(`${file}sort -r -u /tmp/s`)).toBe('c 1\nb 2\na 10\n')
    expect(await out(`${file}sort -t' ' -k2,2n /tmp/s`)).toBe('c 1\nb 2\na 10\na 10\n')
    expect(await run(['sort', 'x'])).toEqual({ code: 1, stdout: '', stderr: "sort: can't open 'x': No such file or directory\n" })
  })

  it('uniq folds adjacent lines, counting with -c', async () => {
    expect(await out('printf "a\\na\\nb\\nc\\nc\\nc\\n" | uniq -c')).toBe('      2 a\n      1 b\n      3 c\n')
    expect(await out('printf "a\\na\\nb\\n" | uniq -d; printf "a\\na\\nb\\n" | uniq -u')).toBe('a\nb\n')
  })

  it('cut by fields and characters; tr translates, deletes and squeezes', async () => {
    expect(await out('echo "a:b:c:d" | cut -d: -f2,4; echo hello | cut -c2-4; echo "a b" | cut -f1')).toBe('b:d\nell\na b\n')
    expect(await run(['cut'])).toEqual({ code: 1, stdout: '', stderr: 'cut: expected a list of bytes, characters, or fields\n' })
    expect(await out(`echo Hello World | tr a-z A-Z; echo hello | tr -d l; echo "aaa  bbb" | tr -s ' a'; echo abc | tr '[:lower:]' '[:upper:]'`)).toBe('HELLO WORLD\nheo\na bbb\nABC\n')
  })
})

describe('busybox sed and awk (subsets)', () => {
  const lines = 'printf "one\\ntwo\\nthree\\nfour\\n" > /tmp/t; '

  it('sed: -n and p, s///g, -e, addresses and ranges, $, groups, q', async () => {
    expect(await out(`${lines}sed -n 2p /tmp/t; sed -n '$p' /tmp/t; sed -n '/t/p' /tmp/t`)).toBe('two\nfour\ntwo\nthree\n')
    expect(await out(`${lines}sed 's/o/0/g' /tmp/t`)).toBe('0ne\ntw0\nthree\nf0ur\n')
    expect(await out(`${lines}sed -e '1d' -e 's/e/E/' /tmp/t`)).toBe('two\nthrEe\nfour\n')
    expect(await out(`${lines}sed '2,3d' /tmp/t; sed '2q' /tmp/t`)).toBe('one\nfour\none\ntwo\n')
    expect(await out(`${lines}sed -n 's/\\(t\\)\\(w\\)/\\2\\1/p' /tmp/t`)).toBe('wto\n')
    expect(await out('echo a.b.c | sed "s|\\.|/|2"')).toBe('a.b/c\n')
    expect((await run(['sed', 'p', '/nope'])).stderr).toBe('sed: /nope: No such file or directory\n')
  })

  it('awk: fields, -F, NR and NF, patterns, BEGIN/END, assignment to a field, printf and functions', async () => {
    const file = 'printf "a 1 x\\nb 2 y\\nc 3 z\\n" > /tmp/a; '
    expect(await out(`${file}awk '{print $2}' /tmp/a`)).toBe('1\n2\n3\n')
    expect(await out(`${file}awk 'NR==2 {print $1, $3}' /tmp/a; awk '$2 > 1' /tmp/a`)).toBe('b y\nb 2 y\nc 3 z\n')
    expect(await out(`${file}awk '{s += $2} END {print s, NR}' /tmp/a; awk '/b/ {print NR": "$0}' /tmp/a`)).toBe('6 3\n2: b 2 y\n')
    expect(await out(`echo "x:y:z" | awk -F: '{print $NF; print NF}'`)).toBe('z\n3\n')
    expect(await out(`${file}awk '{ $2 = "Q"; print }' /tmp/a`)).toBe('a Q x\nb Q y\nc Q z\n')
    expect(await out(`awk 'BEGIN { printf "%d-%s\\n", 3, "q"; x = 1/3; print x, 2.5*2, length("abc"), substr("hello", 2, 3), toupper("a") }'`)).toBe('3-q\n0.333333 5 3 ell A\n')
    expect(await out(`echo "k=v" | awk -F= -v p=pre '{ if ($2 == "v") print p $1; else print "no" }'`)).toBe('prek\n')
    expect(await run(['awk', '{print $1'])).toEqual({ code: 1, stdout: '', stderr: 'awk: cmd. line:1: Unexpected end of string\n' })
    expect(await out(`awk -F: '$3 == 0 {print $1, $7}' /etc/passwd`)).toBe('root /bin/sh\n')
    expect(await out(`echo "10 9" | awk '{ print ($1 < $2), ("10" < "9"), 10 < 9 }'`)).toBe('0 1 0\n')
    expect(await out(`echo "0 x" | awk '$1 { print "no" } "0" { print "string" } !$1 { print "zero" }'`)).toBe('string\nzero\n')
    expect(await out(`echo a > /tmp/i; sed -i s/a/b/ /tmp/i; head /tmp/i; printf "1\\n2\\n" | sed -e '1a hey' -e 'y/12/xy/'`)).toBe('b\nx\nhey\ny\n')
  })

  it('xargs runs a program on its input: batched, one line per command with -I, echo by default', async () => {
    expect(await out('seq 1 5 | xargs -n 2 echo n')).toBe('n 1 2\nn 3 4\nn 5\n')
    expect(await out(`printf "a b\\nc\\n" | xargs -I{} echo "<{}>"; echo "x 'y z'" | xargs`)).toBe('<a b>\n<c>\nx y z\n')
    expect(await run(['sh', '-c', 'echo a | xargs nosuch'])).toEqual({ code: 127, stdout: '', stderr: 'xargs: nosuch: No such file or directory\n' })
    expect((await sh('echo 1 | xargs false')).code).toBe(123)
  })
})
