import { StateEffect, StateField, type EditorState, type Range } from '@codemirror/state'
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view'

/**
 * CodeMirror's part of showing API errors at the field: each marker
 * underlines its range, tints its line, and puts the API's message on a line
 * of its own right below, as an editor's inline diagnostics do. Markers are
 * replaced as a whole (one apply's outcome); editing maps them along with
 * the text until the next apply.
 */
export interface ErrorMarker {
  from: number
  to: number
  message: string
}

export const setErrorMarkers = StateEffect.define<ErrorMarker[]>()

class MessageWidget extends WidgetType {
  constructor(readonly message: string) {
    super()
  }
  override eq(other: MessageWidget): boolean {
    return other.message === this.message
  }
  override toDOM(): HTMLElement {
    const el = document.createElement('div')
    el.className = 'cm-field-error'
    el.dataset.test = 'apply-field-error'
    el.textContent = this.message
    return el
  }
}

function decorate(state: EditorState, markers: ErrorMarker[]): DecorationSet {
  const ranges: Range<Decoration>[] = []
  const len = state.doc.length
  // Several errors on one line share the line: one tint, their messages one after the other.
  const byLine = new Map<number, string[]>()
  for (const m of markers) {
    const from = Math.min(Math.max(0, m.from), len)
    const to = Math.min(Math.max(from, m.to), len)
    const line = state.doc.lineAt(from)
    if (to > from) ranges.push(Decoration.mark({ class: 'cm-field-error-range' }).range(from, to))
    byLine.set(line.number, [...(byLine.get(line.number) ?? []), m.message])
  }
  for (const [number, messages] of byLine) {
    const line = state.doc.line(number)
    ranges.push(Decoration.line({ class: 'cm-field-error-line', attributes: { 'data-test': 'apply-error-line' } }).range(line.from))
    ranges.push(Decoration.widget({ widget: new MessageWidget(messages.join('\n')), block: true, side: 1 }).range(line.to))
  }
  return Decoration.set(ranges, true)
}

/** The markers' state; set them with the setErrorMarkers effect. */
export const errorMarkers = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(set, tr) {
    let next = set.map(tr.changes)
    for (const e of tr.effects) if (e.is(setErrorMarkers)) next = decorate(tr.state, e.value)
    return next
  },
  provide: (f) => EditorView.decorations.from(f)
})
