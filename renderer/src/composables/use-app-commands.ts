import { onBeforeUnmount } from 'vue'
import type { AppCommand } from '../../../preload/contract'
import { useApi } from '../api/current'
import { useUiStore } from '../stores/ui'

/** Carries out the desktop app's native menu commands (pushed as `app/command`; serve mode sends none). */
export function useAppCommands(): void {
  const ui = useUiStore()
  const actions: Record<AppCommand, () => void> = {
    'view-cluster': () => (ui.view = 'cluster'),
    'view-networks': () => (ui.view = 'networks'),
    'view-storage': () => (ui.view = 'storage'),
    'toggle-theme': () => ui.toggleTheme(),
    'open-apply': () => (ui.applyOpen = true),
    'export-png': () => ui.requestExport('png'),
    'export-svg': () => ui.requestExport('svg')
  }
  let off: (() => void) | undefined
  try {
    off = useApi().on('app/command', ({ command }) => actions[command]?.())
  } catch {
    // Not connected: there is no menu to listen to.
  }
  onBeforeUnmount(() => off?.())
}
