import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TableConvertor } from '../../main/cluster/apiserver/table/convert'
import { createClock } from '../../main/cluster/clock'
import { allDefinitions } from '../../main/cluster/registry/kinds'
import type { ResourceDefinition } from '../../main/cluster/registry/types'

/**
 * Compares Kubelab's server-side Table columns with the real apiserver's
 * (Kubernetes 1.32): names, types, formats and priorities, for every
 * resource of the reference that Kubelab serves, and the default columns.
 * The reference lives in ../shared/reference (beside the repository), which a
 * fresh clone does not have: then this suite is skipped.
 */

interface ReferenceColumn {
  name: string
  type: string
  format?: string
  priority: number
}

const referencePath = fileURLToPath(new URL('../../../shared/reference/table-columns-1.32.json', import.meta.url))
const present = existsSync(referencePath)
const reference: Record<string, ReferenceColumn[]> = present ? JSON.parse(readFileSync(referencePath, 'utf8')) : {}

/** The column definitions as the Table on the wire carries them. */
function served(def: ResourceDefinition): ReferenceColumn[] {
  const convertor = new TableConvertor(createClock({ mode: 'manual', start: 0 }))
  const table = convertor.table(def, [], {}) as { columnDefinitions: ReferenceColumn[] }
  return table.columnDefinitions.map((c) => ({ name: c.name, type: c.type, format: c.format || undefined, priority: c.priority }))
}

const normalized = (columns: ReferenceColumn[]): ReferenceColumn[] => columns.map((c) => ({ name: c.name, type: c.type, format: c.format || undefined, priority: c.priority }))

const resources = Object.keys(reference).filter((r) => r !== '__default__')
const servedResources = resources.filter((r) => allDefinitions.some((d) => d.plural === r))
const unserved = resources.filter((r) => !servedResources.includes(r))

describe.skipIf(!present)('table columns match Kubernetes 1.32 (table-columns-1.32.json)', () => {
  it.each(servedResources)('%s', (resource) => {
    const def = allDefinitions.find((d) => d.plural === resource)!
    expect(served(def)).toEqual(normalized(reference[resource]))
  })

  it('default columns (Name, Created At) for kinds without their own', () => {
    const bare = { ...allDefinitions[0], tableColumns: undefined } as ResourceDefinition
    expect(served(bare)).toEqual(normalized(reference.__default__))
  })

  it('covers the resources Kubelab serves', () => {
    // Resources of the reference that Kubelab does not serve yet are listed, not checked.
    expect(servedResources.length).toBeGreaterThan(0)
    expect(unserved.every((r) => !allDefinitions.some((d) => d.plural === r))).toBe(true)
  })
})

if (!present) {
  describe('table columns reference', () => {
    it.skip(`skipped: ${referencePath} is absent (it sits beside the repository, in shared/reference)`, () => {})
  })
}
