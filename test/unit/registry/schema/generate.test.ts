import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generatedModelPath, generatedModelText } from '../../../../main/cluster/registry/schema/generate'

describe('generated schema model', () => {
  it('is what the generator makes from kubernetes-types and the registry (else run: npx tsx main/cluster/registry/schema/generate.ts)', () => {
    expect(readFileSync(generatedModelPath, 'utf8') === generatedModelText()).toBe(true)
  })
})
