import { defineConfig } from 'vitest/config'

/**
 * Two projects: `main` (unit, integration and kubectl tests: `npm test`) and
 * `reference` (comparisons with the real Kubernetes documents in
 * ../shared/reference, which a fresh clone lacks: `npm run test:reference`).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/kubectl/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          pool: 'forks'
        }
      },
      {
        test: {
          name: 'reference',
          include: ['test/reference/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          pool: 'forks'
        }
      }
    ]
  }
})
