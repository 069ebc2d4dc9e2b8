/** Text pushed by one side and read by the other as an async iterable, until end(): a process's stdin. */
export class InputQueue implements AsyncIterable<string> {
  private readonly chunks: string[] = []
  private waiting: ((result: IteratorResult<string>) => void) | undefined
  private ended = false

  push(text: string): void {
    if (this.ended) return
    if (this.waiting) {
      const resolve = this.waiting
      this.waiting = undefined
      resolve({ value: text, done: false })
    } else this.chunks.push(text)
  }

  end(): void {
    if (this.ended) return
    this.ended = true
    const resolve = this.waiting
    this.waiting = undefined
    resolve?.({ value: undefined, done: true })
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const chunk = this.chunks.shift()
        if (chunk !== undefined) return Promise.resolve({ value: chunk, done: false })
        if (this.ended) return Promise.resolve({ value: undefined, done: true })
        return new Promise((resolve) => (this.waiting = resolve))
      }
    }
  }
}
