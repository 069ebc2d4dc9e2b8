/**
 * Appends batches strictly one after another, in the order they are handed
 * in: a batch's append starts only once the previous one has ended, so at a
 * crash only the last batch can be torn (recovery.ts relies on it). Batches
 * that wait behind an append in progress are joined into one (up to
 * maxJoined records): one append and, when durable, one fsync for all of
 * them; on disk they are one batch.
 */
export class AppendQueue<R> {
  private readonly waiting: Array<{ records: readonly R[]; resolve(): void; reject(error: unknown): void }> = []
  private running = false

  constructor(
    private readonly append: (records: readonly R[]) => Promise<void>,
    private readonly maxJoined: number
  ) {}

  /** Resolves once records (and whatever was joined with them) are appended. */
  push(records: readonly R[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, resolve, reject })
      if (!this.running) void this.run()
    })
  }

  private async run(): Promise<void> {
    this.running = true
    while (this.waiting.length > 0) {
      let count = 0
      let n = 0
      while (n < this.waiting.length && (n === 0 || count + this.waiting[n].records.length <= this.maxJoined)) count += this.waiting[n++].records.length
      const joined = this.waiting.splice(0, n)
      try {
        await this.append(joined.length === 1 ? joined[0].records : joined.flatMap((w) => w.records))
        for (const w of joined) w.resolve()
      } catch (error) {
        for (const w of joined) w.reject(error)
      }
    }
    this.running = false
  }
}
