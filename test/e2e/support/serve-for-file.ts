import { test } from '@playwright/test'
import { startServe, type ServedCluster } from './serve'

/**
 * Serve mode for the tests of one spec file: started before them (its own
 * data dir, so files never see each other's objects), stopped after them.
 * Returns a getter for the running cluster.
 */
export function serveForFile(args: string[] = ['--clock', 'instant']): () => ServedCluster {
  let served: ServedCluster | undefined
  test.beforeAll(async () => {
    served = await startServe(args)
  })
  test.afterAll(async () => {
    await served?.stop()
  })
  return () => {
    if (!served) throw new Error('serve mode is not running: it failed to start')
    return served
  }
}
