/**
 * Cytoscape 3's toggleClass (behind addClass and removeClass) counts an
 * element as changed whenever it is asked to add or remove a class, whether
 * or not the element had it, and restyles every such element. Clearing a
 * class from the whole canvas (`cy.elements().removeClass('faded')`, as
 * every highlight and overlay does) therefore restyled all 6,000 elements
 * of a 500-node cluster on every sync.
 *
 * This replacement does the same to the classes and restyles, and emits
 * `class` for, only the elements whose classes did change. Installed once,
 * on the collection prototype every element shares.
 */
import type cytoscape from 'cytoscape'

interface Eles extends ArrayLike<{ _private: { classes: Set<string> } }> {
  spawn(eles: unknown[]): { updateStyle(): { emit(event: string): unknown } }
}

/** ele.toggleClass(classes, toggle): with `toggle` undefined each class flips, truthy adds, falsy removes. */
export function toggleClassAccurately(this: Eles, classes: string | string[], toggle?: unknown): Eles {
  const names = Array.isArray(classes) ? classes : (classes.match(/\S+/g) ?? [])
  const changed: unknown[] = []
  for (let i = 0; i < this.length; i++) {
    const own = this[i]._private.classes
    let touched = false
    for (const name of names) {
      const has = own.has(name)
      const add = toggle === undefined ? !has : !!toggle
      if (add === has) continue
      if (add) own.add(name)
      else own.delete(name)
      touched = true
    }
    if (touched) changed.push(this[i])
  }
  if (changed.length) this.spawn(changed).updateStyle().emit('class')
  return this
}

let installed = false

/** Puts the accurate toggle in place for every element of every cytoscape instance (idempotent). */
export function installAccurateClassToggle(cy: cytoscape.Core): void {
  if (installed) return
  const proto = Object.getPrototypeOf(cy.collection()) as { toggleClass?: unknown }
  if (typeof proto.toggleClass !== 'function') return
  proto.toggleClass = toggleClassAccurately
  installed = true
}
