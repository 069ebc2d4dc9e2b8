/**
 * How a shell reads its commands from stdin. From a pipe (`kubectl exec -i`)
 * text arrives in chunks that need not end at line ends. From a terminal
 * (`kubectl exec -it`, the client's terminal in raw mode) it arrives key by
 * key, and the container's terminal does what a line discipline in canonical
 * mode does: echoes each key, erases on backspace, ends the line on Enter,
 * interrupts on Ctrl-C and ends input on Ctrl-D at the start of a line.
 */
export async function* inputLines(stdin: AsyncIterable<string>, terminal?: { echo(text: string): void }): AsyncGenerator<string> {
  let line = ''
  for await (const chunk of stdin) {
    for (const ch of chunk) {
      if (!terminal) {
        if (ch === '\n') {
          yield line
          line = ''
        } else line += ch
        continue
      }
      if (ch === '\r' || ch === '\n') {
        terminal.echo('\r\n')
        const done = line
        line = ''
        yield done
      } else if (ch === '\x7f' || ch === '\b') {
        if (line) {
          line = line.slice(0, -1)
          terminal.echo('\b \b')
        }
      } else if (ch === '\x03') {
        terminal.echo('^C\r\n')
        line = ''
        yield ''
      } else if (ch === '\x04') {
        if (!line) return
      } else if (ch >= ' ' || ch === '\t') {
        line += ch
        terminal.echo(ch)
      }
    }
  }
  if (line) yield line
}

/** The prompt of an interactive root shell: bash's `root@host:/# `, busybox ash's `/ # `, dash's `# `. */
export function shellPrompt(argv0: string, image: string, hostname: string): string {
  const shell = argv0.slice(argv0.lastIndexOf('/') + 1)
  if (shell === 'bash') return `root@${hostname}:/# `
  const name = image.split('@')[0].split('/').pop()?.split(':')[0] ?? ''
  return name === 'busybox' || name === 'alpine' ? '/ # ' : '# '
}
