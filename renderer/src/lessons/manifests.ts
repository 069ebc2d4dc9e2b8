/**
 * Lessons reuse the Apply dialog's examples rather than keeping second
 * copies: this picks documents out of an example by the name they carry.
 */
import { parse } from 'yaml'
import { examples } from '../components/apply/examples'

/** An example's YAML by id (the examples are built in: a missing one is a programming error). */
export function example(id: string): string {
  const e = examples.find((x) => x.id === id)
  if (!e) throw new Error(`no built-in example ${id}`)
  return e.yaml
}

/** The documents of a multi-document YAML whose metadata.name is `name`, joined again with `---`. */
export function documentsNamed(yaml: string, name: string): string {
  const docs = yaml.split(/^---[ \t]*$/m).filter((doc) => {
    try {
      const obj = parse(doc) as { metadata?: { name?: string } } | null
      return obj?.metadata?.name === name
    } catch {
      return false
    }
  })
  return docs.map((d) => d.replace(/^\n+/, '').replace(/^(#.*\n)+/, '')).join('---\n')
}
