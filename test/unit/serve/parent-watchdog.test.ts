import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { watchParent } from '../../../main/parent-watchdog'
import { waitFor } from '../../support/wait'

describe('watchParent', () => {
  it('calls back once the watched process has exited', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 200)'])
    let gone = 0
    watchParent({ KUBELAB_EXIT_WITH_PARENT: String(child.pid) }, () => gone++, 20)
    await new Promise((resolve) => child.once('exit', resolve))
    await waitFor(() => gone === 1, 'the callback after the process exited', 5_000)
    expect(gone).toBe(1)
  })

  it('does nothing without the variable, or with a living process', async () => {
    let gone = 0
    watchParent({}, () => gone++, 20)
    watchParent({ KUBELAB_EXIT_WITH_PARENT: String(process.pid) }, () => gone++, 20)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(gone).toBe(0)
  })
})
