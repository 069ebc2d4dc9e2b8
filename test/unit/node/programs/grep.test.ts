import { describe, expect, it } from 'vitest'
import { toJsPattern } from '../../../../main/cluster/node/programs/grep'
import { run } from './run-program'

const text = 'PATH=/usr/bin\nHOSTNAME=web-0\nKUBERNETES_PORT=tcp://10.96.0.1:443\nkubernetes_lower=1\nGREETING=hello world\n'

describe('grep (busybox)', () => {
  it('prints the lines of standard input that match; exit 0, or 1 when none does', async () => {
    expect(await run(['grep', 'KUBERNETES'], { stdin: text })).toEqual({ code: 0, stdout: 'KUBERNETES_PORT=tcp://10.96.0.1:443\n', stderr: '' })
    expect(await run(['grep', 'nothing'], { stdin: text })).toEqual({ code: 1, stdout: '', stderr: '' })
  })

  it('-i -v -c -n -o -w -x -q', async () => {
    expect((await run(['grep', '-i', 'kubernetes'], { stdin: text })).stdout).toBe('KUBERNETES_PORT=tcp://10.96.0.1:443\nkubernetes_lower=1\n')
    expect((await run(['grep', '-vc', '='], { stdin: text })).stdout).toBe('0\n')
    expect((await run(['grep', '-c', 'E'], { stdin: text })).stdout).toBe('3\n')
    expect((await run(['grep', '-n', 'web'], { stdin: text })).stdout).toBe('2:HOSTNAME=web-0\n')
    expect((await run(['grep', '-o', '[0-9]*\\.[0-9]*\\.[0-9]*\\.[0-9]*'], { stdin: text })).stdout).toBe('10.96.0.1\n')
    expect((await run(['grep', '-w', 'hello'], { stdin: text })).stdout).toBe('GREETING=hello world\n')
    expect((await run(['grep', '-w', 'hell'], { stdin: text })).code).toBe(1)
    expect((await run(['grep', '-x', 'kubernetes_lower=1'], { stdin: text })).code).toBe(0)
    expect(await run(['grep', '-q', 'PATH'], { stdin: text })).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('basic expressions by default (\\| \\+ are operators, | + literal); -E extended; -F fixed; -e more than one', async () => {
    expect((await run(['grep', 'PATH\\|HOSTNAME'], { stdin: text })).stdout).toBe('PATH=/usr/bin\nHOSTNAME=web-0\n')
    expect((await run(['grep', 'PATH|HOSTNAME'], { stdin: text })).code).toBe(1)
    expect((await run(['grep', '-E', 'PATH|HOSTNAME'], { stdin: text })).stdout).toBe('PATH=/usr/bin\nHOSTNAME=web-0\n')
    expect((await run(['egrep', '^(PATH|GREETING)='], { stdin: text })).stdout).toBe('PATH=/usr/bin\nGREETING=hello world\n')
    expect((await run(['grep', '-F', '10.96.0.1'], { stdin: text })).stdout).toBe('KUBERNETES_PORT=tcp://10.96.0.1:443\n')
    expect((await run(['grep', '-e', 'PATH', '-e', 'web'], { stdin: text })).stdout).toBe('PATH=/usr/bin\nHOSTNAME=web-0\n')
    expect((await run(['grep', '^[[:upper:]_]*=[[:digit:]]'], { stdin: 'A_B=1\nc=2\nD=x\n' })).stdout).toBe('A_B=1\n')
  })

  it('in a pipeline, as `env | grep` is used', async () => {
    expect(await run(['sh', '-c', 'env | grep ^HOSTNAME='], { env: { HOSTNAME: 'web-0', PATH: '/bin' } })).toEqual({ code: 0, stdout: 'HOSTNAME=web-0\n', stderr: '' })
  })

  it('a file that is not there: the message and exit 2 (-s: silent)', async () => {
    expect(await run(['grep', 'x', '/nowhere'])).toEqual({ code: 2, stdout: '', stderr: 'grep: /nowhere: No such file or directory\n' })
    expect(await run(['grep', '-s', 'x', '/nowhere'])).toEqual({ code: 2, stdout: '', stderr: '' })
    expect((await run(['grep'])).code).toBe(2)
  })

  it('POSIX to JavaScript: bracket expressions, escapes', () => {
    expect(toJsPattern('a\\(b\\)\\{2\\}', 'basic')).toBe('a(b){2}')
    expect(toJsPattern('a(b){2}', 'basic')).toBe('a\\(b\\)\\{2\\}')
    expect(toJsPattern('[]a]', 'basic')).toBe('[\\]a]')
    expect(toJsPattern('a.b', 'fixed')).toBe('a\\.b')
  })
})
