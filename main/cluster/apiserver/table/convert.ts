import type { KubeObject } from '../../apimachinery/types'
import type { Clock } from '../../clock/types'
import type { ResourceDefinition, TableColumn } from '../../registry/types'

/** The media type of Table responses. */
export const tableContentType = 'application/json;as=Table;v=v1;g=meta.k8s.io'

/** Whether an Accept header asks for a Table (meta.k8s.io v1 or v1beta1). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim())
    return params.includes('as=Table') && params.includes('g=meta.k8s.io')
  })
}

/** The Table version asked for (kubectl prefers v1). */
export function tableVersion(accept: string | undefined): 'v1' | 'v1beta1' {
  const first = (accept ?? '').split(',').find((p) => p.includes('as=Table'))
  return first && first.includes('v=v1beta1') && !first.includes('v=v1;') ? 'v1beta1' : 'v1'
}

/** Columns of kinds that declare none, as the apiserver's default table convertor. */
const defaultColumns: TableColumn[] = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
    priority: 0,
    cell: (o) => o.metadata.name ?? ''
  },
  {
    name: 'Created At',
    type: 'date',
    description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
    priority: 0,
    cell: (o) => o.metadata.creationTimestamp ?? ''
  }
]

export type IncludeObject = 'None' | 'Metadata' | 'Object'

/**
 * Turns objects into server-side Tables (meta.k8s.io Table), with the same
 * columns as Kubernetes: kubectl prints them as they come.
 */
export class TableConvertor {
  constructor(private readonly clock: Clock) {}

  columnsOf(def: ResourceDefinition): TableColumn[] {
    return (def.tableColumns as TableColumn[] | undefined) ?? defaultColumns
  }

  /** A Table of objects; headers are left out for watch events after the first. */
  table(
    def: ResourceDefinition,
    objects: KubeObject[],
    options: { resourceVersion?: string; continue?: string; remainingItemCount?: number; includeObject?: IncludeObject; noHeaders?: boolean; tableApiVersion?: string }
  ): unknown {
    const columns = this.columnsOf(def)
    const now = this.clock.now()
    const include = options.includeObject ?? 'Metadata'
    const metadata: Record<string, unknown> = {}
    if (options.resourceVersion) metadata.resourceVersion = options.resourceVersion
    if (options.continue) metadata.continue = options.continue
    if (options.remainingItemCount !== undefined) metadata.remainingItemCount = options.remainingItemCount
    return {
      kind: 'Table',
      apiVersion: `meta.k8s.io/${options.tableApiVersion ?? 'v1'}`,
      metadata,
      ...(options.noHeaders
        ? {}
        : {
            columnDefinitions: columns.map((c) => ({
              name: c.name,
              type: c.type,
              format: c.format ?? '',
              description: c.description,
              priority: c.priority
            }))
          }),
      rows: objects.map((o) => ({
        cells: columns.map((c) => c.cell(o, now)),
        object: include === 'None' ? undefined : include === 'Object' ? o : partialObjectMetadata(o)
      }))
    }
  }
}

/** An object's metadata alone, as rows carry it with includeObject=Metadata. */
export function partialObjectMetadata(o: KubeObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }
}
