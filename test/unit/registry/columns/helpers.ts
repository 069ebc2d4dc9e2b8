import type { TableColumn } from '../../../../main/cluster/registry/types'

/** Cluster time of every case: cells are computed as of this instant. */
export const now = Date.parse('2025-03-01T12:00:00Z')
export const second = 1000
export const minute = 60 * second
export const hour = 60 * minute
export const day = 24 * hour

/** A timestamp `ms` before `now` (negative: in the future), as the API writes it. */
export function ago(ms: number): string {
  return new Date(now - ms).toISOString()
}

/** Every cell of the object's row, as the server computes it (server-side tables are always wide). */
export function row<T>(columns: readonly TableColumn<T>[], obj: T): unknown[] {
  return columns.map((c) => c.cell(obj, now))
}

/** The cells `kubectl get` shows without `-o wide` (priority 0). */
export function narrowRow<T>(columns: readonly TableColumn<T>[], obj: T): unknown[] {
  return columns.filter((c) => c.priority === 0).map((c) => c.cell(obj, now))
}

/** The column headers, with `*` after the wide-only ones. */
export function headers<T>(columns: readonly TableColumn<T>[]): string[] {
  return columns.map((c) => (c.priority === 0 ? c.name : `${c.name}*`))
}
