/**
 * One benchmark figure, printed as one JSON line. `ratio` always means "how
 * many times better than the baseline" (ours/baseline for rates,
 * baseline/ours for times and sizes); null when there is no baseline.
 */
export interface BenchLine {
  figure: string
  value: number
  unit: string
  baseline: number | null
  ratio: number | null
  target: string
  met: boolean
}

/** Prints l as JSON on its own line. */
export function emitLine(l: BenchLine): void {
  process.stdout.write(JSON.stringify(l) + '\n')
}
