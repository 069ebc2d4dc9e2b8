import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * The health endpoints as the Kubernetes docs (API health checks) use them
 * through kubectl: plain, verbose, one check, excluded checks, unknown checks.
 */
describe.skipIf(!hasKubectl)('kubectl get --raw /livez, /readyz, /healthz', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('answers ok, lists the checks with ?verbose, and runs one check by path', async () => {
    for (const p of ['/healthz', '/livez', '/readyz', '/livez/ping', '/readyz/etcd']) {
      const r = await k.run(['get', '--raw', p])
      expect({ p, out: r.stdout, code: r.code }).toEqual({ p, out: 'ok', code: 0 })
    }
    const ready = (await k.run(['get', '--raw', '/readyz?verbose'])).stdout.split('\n')
    expect(ready.slice(0, 5)).toEqual(['[+]ping ok', '[+]log ok', '[+]etcd ok', '[+]etcd-readiness ok', '[+]informer-sync ok'])
    expect(ready.slice(-3)).toEqual(['[+]shutdown ok', 'readyz check passed', ''])
    const live = (await k.run(['get', '--raw', '/livez?verbose&exclude=etcd'])).stdout
    expect(live).toContain('[+]etcd excluded: ok\n')
    expect(live).not.toContain('shutdown')
    expect(live.endsWith('livez check passed\n')).toBe(true)
  })

  it('an unknown check is NotFound', async () => {
    const r = await k.run(['get', '--raw', '/livez/nope'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Error from server (NotFound): the server could not find the requested resource')
  })
})
