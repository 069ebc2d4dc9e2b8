import { afterEach, describe, expect, it } from 'vitest'
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { csrCleanerComponent } from '../../../main/cluster/controllers/certificates/cleaner'
import { waitFor } from '../../support/wait'
import { makeCSR } from '../../unit/controllers/certificates/make-csr'

const csrs = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' }
const HOUR = 3_600_000

/**
 * The csrcleaner on the cluster clock: it sweeps once an hour; a failed
 * request goes an hour after its failure, a pending one a day after creation.
 */
describe('csrcleaner', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  it('deletes failed requests after an hour and pending ones after a day, on the sweeps of the cluster clock', async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [csrCleanerComponent] })
    const client = cluster.client.resource<CertificateSigningRequest>(csrs)
    const make = (name: string) =>
      client.create({
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name },
        spec: { request: makeCSR({ cn: name }).b64, signerName: 'example.com/custom', usages: ['client auth'] }
      })
    // Half an hour in, so that no age is ever exactly at a sweep (times are kept to the second).
    await cluster.clock.step(HOUR / 2)
    await make('pending')
    // A signer gave up on this one (the Failed condition, written through /status as signers do).
    const failed = await make('failed')
    await client.updateStatus({ ...failed, status: { conditions: [{ type: 'Failed', status: 'True', reason: 'SignerValidationFailure' }] } })
    const names = async () => (await client.list()).items.map((c) => c.metadata?.name).sort()
    expect((await client.get(undefined, 'failed')).status?.conditions?.[0].type).toBe('Failed')

    // The sweep at the first hour finds the failure half an hour old: both stay.
    await cluster.clock.step(HOUR / 2)
    expect(await names()).toEqual(['failed', 'pending'])
    await cluster.clock.step(HOUR)
    await waitFor(async () => (await names()).length === 1 || undefined, 'the failed request removed at the second sweep')
    expect(await names()).toEqual(['pending'])
    // The pending request is 23.5 hours old at the 24th sweep, 24.5 at the 25th.
    for (let h = 2; h < 24; h++) await cluster.clock.step(HOUR)
    expect(await names()).toEqual(['pending'])
    await cluster.clock.step(HOUR)
    await waitFor(async () => (await names()).length === 0 || undefined, 'the pending request removed')
  })
})
