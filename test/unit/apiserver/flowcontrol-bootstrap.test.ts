import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { priorityLevelConfigurationDefinition as plDef } from '../../../main/cluster/registry/kinds/prioritylevelconfiguration'
import { flowSchemaDefinition as fsDef } from '../../../main/cluster/registry/kinds/flowschema'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'

describe('API Priority and Fairness bootstrap', () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('creates kube-apiserver 1.32\'s levels and schemas, each schema finding its level', async () => {
    const levels = await cluster.client.resource<PriorityLevelConfiguration & KubeObject>({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1', resource: 'prioritylevelconfigurations' }).list()
    expect(levels.items.map((l) => l.metadata.name).sort()).toEqual(['catch-all', 'exempt', 'global-default', 'leader-election', 'node-high', 'system', 'workload-high', 'workload-low'])
    const schemas = await cluster.client.resource<FlowSchema & KubeObject>({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1', resource: 'flowschemas' }).list()
    const byPrecedence = [...schemas.items].sort((a, b) => a.spec!.matchingPrecedence! - b.spec!.matchingPrecedence! || a.metadata.name!.localeCompare(b.metadata.name!))
    expect(byPrecedence.map((s) => `${s.metadata.name}:${s.spec!.priorityLevelConfiguration.name}:${s.spec!.matchingPrecedence}`)).toEqual([
      'exempt:exempt:1',
      'probes:exempt:2',
      'system-leader-election:leader-election:100',
      'endpoint-controller:workload-high:150',
      'workload-leader-election:leader-election:200',
      'system-node-high:node-high:400',
      'system-nodes:system:500',
      'kube-controller-manager:workload-high:800',
      'kube-scheduler:workload-high:800',
      'kube-system-service-accounts:workload-high:900',
      'service-accounts:workload-low:9000',
      'global-default:global-default:9900',
      'catch-all:catch-all:10000'
    ])
    for (const s of schemas.items) {
      expect(s.metadata.annotations).toEqual({ 'apf.kubernetes.io/autoupdate-spec': 'true' })
      expect(s.status?.conditions).toEqual([expect.objectContaining({ type: 'Dangling', status: 'False', reason: 'Found' })])
    }
    const cells = (s: FlowSchema & KubeObject) => fsDef.tableColumns!.map((c) => c.cell(s, 0))
    expect(cells(schemas.items.find((s) => s.metadata.name === 'exempt')!)).toEqual(['exempt', 'exempt', 1, '<none>', expect.any(String), 'False'])
  })

  it('defaults and validates levels as the v1 API does', () => {
    const pl = { metadata: { name: 'mine' }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: { queues: 4, handSize: 8 } } } } } as unknown as PriorityLevelConfiguration & KubeObject
    plDef.defaults(pl)
    expect(pl.spec!.limited).toEqual({ nominalConcurrencyShares: 30, lendablePercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 4, handSize: 8, queueLengthLimit: 50 } } })
    expect(plDef.validate(pl).map(fieldErrorString)).toEqual(['spec.limited.limitResponse.queuing.handSize: Invalid value: 8: should not be greater than queues (4)'])
    const fs = { metadata: { name: 'x' }, spec: { priorityLevelConfiguration: { name: '' }, matchingPrecedence: 20000 } } as unknown as FlowSchema & KubeObject
    expect(fsDef.validate(fs).map(fieldErrorString)).toEqual([
      'spec.matchingPrecedence: Invalid value: 20000: must be between 1 and 10000, inclusive',
      'spec.priorityLevelConfiguration.name: Required value: must reference a priority level'
    ])
  })
})
