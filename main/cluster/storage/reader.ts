import { createReadStream } from 'node:fs'
import { assertStoredDoc, type StoredDoc } from './document'
import type { TimeSlicer } from './slicer'

/**
 * A read-only reader of NeDB's data file format, used to build the cache at
 * start-up without waiting for NeDB. NeDB's own load is slow for a cold start
 * (a byline stream and a promise chain per line, a JSON.parse with a reviver
 * per line, then a rewrite of the whole file); this reader parses each line
 * once with a plain JSON.parse and applies NeDB's rules:
 *   - one JSON document per line, empty lines ignored;
 *   - a later line with the same _id replaces the earlier one;
 *   - `{"$$deleted":true,"_id":...}` removes the document;
 *   - `$$indexCreated` / `$$indexRemoved` lines describe indexes (ignored).
 * It is strict where NeDB is lenient: any unparsable or unexpected line stops
 * start-up with the file and line number (the one expected defect, a torn last
 * line, is cut off before by torn-tail.ts). NeDB still loads every shard
 * afterwards (in the background) and stays the only writer of the files.
 *
 * The file is streamed in 64 KiB chunks: small strings die young, where the
 * whole file as one string would land in the old generation and push V8
 * towards long, non-incremental collections while 100,000 objects load.
 */

export interface ReadResult {
  /** The live documents. */
  docs: StoredDoc[]
  /** Non-empty lines in the file. */
  lines: number
}

/** Reads file (missing = empty) into its live documents, yielding per slicer. */
export async function readDatafile(file: string, slicer: TimeSlicer): Promise<ReadResult> {
  const byId = new Map<string, StoredDoc>()
  let lines = 0
  let lineNo = 0
  const take = (line: string): void => {
    lineNo++
    if (line.length === 0) return
    lines++
    let doc: Record<string, unknown>
    try {
      doc = JSON.parse(line) as Record<string, unknown>
    } catch (error) {
      throw new Error(`storage: ${file}:${lineNo} is corrupt (${(error as Error).message}); refusing to start`, { cause: error })
    }
    if (doc.$$deleted === true && typeof doc._id === 'string') byId.delete(doc._id)
    else if (!('$$indexCreated' in doc) && !('$$indexRemoved' in doc)) {
      assertStoredDoc(doc, `${file}:${lineNo}`)
      byId.set(doc._id, doc)
    }
  }
  let rest = ''
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
      const text = rest + (chunk as string)
      let start = 0
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        take(text.slice(start, end))
        start = end + 1
      }
      rest = text.slice(start)
      if (slicer.due()) await slicer.yield()
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { docs: [], lines: 0 }
    throw error
  }
  // torn-tail.ts guarantees the file ends with '\n'; a rest here is corruption.
  if (rest.length > 0) take(rest)
  return { docs: [...byId.values()], lines }
}
