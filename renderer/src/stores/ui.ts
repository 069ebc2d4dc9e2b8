import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

export type Theme = 'dark' | 'light'
export type TopologyView = 'cluster' | 'networks' | 'storage'

export interface Toast {
  id: number
  tone: 'ok' | 'error' | 'info'
  text: string
}

/** Where preferences persist: localStorage in the browser, nothing in tests. */
interface PrefStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Presentation state: theme, topology view, namespace filter, open panels, notifications. */
export const useUiStore = defineStore('ui', () => {
  const theme = ref<Theme>('dark')
  const view = ref<TopologyView>('cluster')
  /** '' shows every namespace. */
  const namespace = ref('')
  const applyOpen = ref(false)
  const eventsOpen = ref(true)
  const toasts = ref<Toast[]>([])
  /** A request to export the topology (from the native menu); the topology panel carries it out. */
  const exportRequest = ref<{ format: 'png' | 'svg'; id: number } | undefined>()
  let nextToast = 1
  let stopPersist: (() => void) | undefined

  function hydrate(storage?: PrefStorage): void {
    const saved = storage?.getItem('kubelab-ui')
    if (saved) {
      try {
        const p = JSON.parse(saved) as { theme?: Theme; view?: TopologyView; eventsOpen?: boolean }
        if (p.theme === 'dark' || p.theme === 'light') theme.value = p.theme
        if (p.view === 'cluster' || p.view === 'networks' || p.view === 'storage') view.value = p.view
        if (typeof p.eventsOpen === 'boolean') eventsOpen.value = p.eventsOpen
      } catch {
        // A damaged preference is forgotten, not fatal.
      }
    }
    if (storage) {
      stopPersist = watch([theme, view, eventsOpen], () =>
        storage.setItem('kubelab-ui', JSON.stringify({ theme: theme.value, view: view.value, eventsOpen: eventsOpen.value }))
      )
    }
  }

  function dispose(): void {
    stopPersist?.()
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark'
  }

  function notify(text: string, tone: Toast['tone'] = 'info', ms = 4000): void {
    const id = nextToast++
    toasts.value = [...toasts.value, { id, tone, text }]
    setTimeout(() => dismiss(id), ms)
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }

  function requestExport(format: 'png' | 'svg'): void {
    exportRequest.value = { format, id: (exportRequest.value?.id ?? 0) + 1 }
  }

  return { theme, view, namespace, applyOpen, eventsOpen, toasts, exportRequest, hydrate, dispose, toggleTheme, notify, dismiss, requestExport }
})
