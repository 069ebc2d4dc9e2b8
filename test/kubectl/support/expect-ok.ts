import { expect } from 'vitest'
import type { KubectlHarness } from './kubectl'

/**
 * A kubectl runner for commands that must succeed: it expects exit 0 with
 * nothing on stderr (the failing command and its stderr show in the diff)
 * and resolves with stdout. Apart from kubectl.ts, which benches also import
 * outside vitest.
 */
export function expectOk(k: () => KubectlHarness): (args: string[], stdin?: string) => Promise<string> {
  return async (args, stdin) => {
    const r = await k().run(args, stdin)
    expect({ args, stderr: r.stderr, code: r.code }).toEqual({ args, stderr: '', code: 0 })
    return r.stdout
  }
}
