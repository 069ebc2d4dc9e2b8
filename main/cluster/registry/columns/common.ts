import type { Container } from 'kubernetes-types/core/v1'
import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { tryParseQuantity } from '../../apimachinery/quantity'
import type { TableColumn } from '../types'
import { docs } from './descriptions'
import { age } from './human-duration'

/**
 * Cell helpers shared by the kinds' Table columns, mirroring the small
 * functions of Kubernetes' pkg/printers/internalversion/printers.go.
 */

/** Any object with metadata, as every kind is. */
export interface WithMeta {
  metadata?: ObjectMeta
}

/** The Name column (format `name`), at the given priority (events show it only with -o wide). */
export function nameColumn<T extends WithMeta>(priority = 0): TableColumn<T> {
  return { name: 'Name', type: 'string', format: 'name', description: docs.objectMetaName, priority, cell: (o) => o.metadata?.name ?? '' }
}

/** The Age column: how long ago the object was created. */
export function ageColumn<T extends WithMeta>(): TableColumn<T> {
  return { name: 'Age', type: 'string', description: docs.objectMetaCreationTimestamp, priority: 0, cell: (o, now) => age(o.metadata?.creationTimestamp, now) }
}

/** A column of type string (the usual case); priority 1 means `-o wide` only. */
export function column<T>(name: string, description: string, cell: TableColumn<T>['cell'], priority = 0, type = 'string'): TableColumn<T> {
  return { name, type, description, priority, cell }
}

/** Go's `a < b` on strings: byte order (the same as UTF-16 order for the ASCII of keys and names). */
function compareBytes(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8')
  const bb = Buffer.from(b, 'utf8')
  return Buffer.compare(ab, bb)
}

/** Sorts strings as Go's sort.Strings does. */
export function sortStrings(values: Iterable<string>): string[] {
  return [...values].sort(compareBytes)
}

/** labels.FormatLabels: `k=v` pairs sorted and joined by commas, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  const text = sortStrings(Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`)).join(',')
  return text === '' ? '<none>' : text
}

/** layoutContainerCells: container names and images, each joined by commas. */
export function containerCells(containers: readonly Container[] | null | undefined): { names: string; images: string } {
  const list = containers ?? []
  return { names: list.map((c) => c.name ?? '').join(','), images: list.map((c) => c.image ?? '').join(',') }
}

/**
 * resource.Quantity.String(): the canonical form of a quantity (`1Gi` for
 * `1024Mi`), `0` for a missing map entry (Go's zero Quantity), `<nil>` for a
 * nil pointer.
 */
export function quantityString(value: unknown, missing: '0' | '<nil>' = '0'): string {
  if (value === undefined || value === null) return missing
  const text = String(value)
  return tryParseQuantity(text)?.toString() ?? text
}

/** listWithMoreString: at most `max` items, then ` + N more...`; `<unset>` when empty. */
export function listWithMore(items: readonly string[], max = 3): string {
  const text = items.slice(0, max).join(',')
  if (items.length > max) return `${text} + ${items.length - max} more...`
  return text === '' ? '<unset>' : text
}

/** Access modes as kubectl abbreviates them (helper.GetAccessModesAsString), in a fixed order. */
export function accessModesString(modes: readonly string[] | null | undefined): string {
  const present = new Set(modes ?? [])
  const out: string[] = []
  if (present.has('ReadWriteOnce')) out.push('RWO')
  if (present.has('ReadOnlyMany')) out.push('ROX')
  if (present.has('ReadWriteMany')) out.push('RWX')
  if (present.has('ReadWriteOncePod')) out.push('RWOP')
  return out.join(',')
}

/** Go's int64(x) of an optional JSON integer. */
export function int(value: number | null | undefined): number {
  return typeof value === 'number' ? value : 0
}
