import { expect } from 'vitest'
import { waitFor } from '../../support/wait'
import type { KubectlHarness } from './kubectl'

/** A ReplicationController `web` of three nginx pods labelled app=web. */
export const rc = `apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`

/** The rows of a kubectl table (header dropped), split on runs of spaces. */
export const rows = (table: string): string[][] =>
  table
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s{2,}|\s+(?=\S)/).filter(Boolean))

/** Steps tests take through kubectl; harness() is read at each call (it is made in beforeAll). */
export function kubectlSteps(harness: () => KubectlHarness) {
  /** Runs kubectl and expects success; returns stdout. */
  async function ok(args: string[], stdin?: string): Promise<string> {
    const r = await harness().run(args, stdin)
    expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('')
    expect(r.code).toBe(0)
    return r.stdout
  }

  /** `kubectl get pods -l app=<app> -o wide` once it lists n Running pods and nothing else. */
  async function runningWide(app: string, n: number): Promise<string[][]> {
    return waitFor(async () => {
      const table = rows(await ok(['get', 'pods', '-l', `app=${app}`, '-o', 'wide']))
      return table.length === n && table.every((r) => r[2] === 'Running' && r[1] === '1/1') ? table : undefined
    }, `${n} running pods of ${app}`, 30_000)
  }

  return { ok, runningWide }
}
