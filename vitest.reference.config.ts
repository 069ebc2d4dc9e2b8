import { defineConfig } from 'vitest/config'

/** Comparisons with the real Kubernetes documents in ../shared/reference (run by .ci/run where that folder exists). */
export default defineConfig({
  test: {
    include: ['test/reference/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks'
  }
})
