import { onBeforeUnmount, onMounted } from 'vue'
import { useClusterStore } from '../stores/cluster'
import { useSelectionStore } from '../stores/selection'
import { useUiStore } from '../stores/ui'
import { useLessonsStore } from '../stores/lessons'

/**
 * The app's keyboard shortcuts, ignored while typing in a field:
 * A opens Apply, Space pauses/resumes the clock, Esc clears the selection,
 * 1/2 switch the Cluster and Networks views, T toggles the theme,
 * L opens the lessons, N goes on to an open lesson's next step once its check passed.
 */
export function useShortcuts(): void {
  const ui = useUiStore()
  const cluster = useClusterStore()
  const selection = useSelectionStore()
  const lessons = useLessonsStore()
  const onKey = (e: KeyboardEvent): void => {
    const t = e.target as HTMLElement | null
    if (e.ctrlKey || e.metaKey || e.altKey || ui.applyOpen || lessons.listOpen) return
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return
    if (e.key === 'a' || e.key === 'A') ui.applyOpen = true
    else if (e.key === ' ' && cluster.clock) void cluster.setPaused(!cluster.clock.paused)
    else if (e.key === 'Escape') selection.select(null)
    else if (e.key === '1') ui.view = 'cluster'
    else if (e.key === '2') ui.view = 'networks'
    else if (e.key === 't' || e.key === 'T') ui.toggleTheme()
    else if (e.key === 'l' || e.key === 'L') lessons.listOpen = true
    else if ((e.key === 'n' || e.key === 'N') && lessons.docked) lessons.next()
    else return
    e.preventDefault()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
