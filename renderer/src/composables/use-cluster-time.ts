import { onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { useClusterStore } from '../stores/cluster'

/** Cluster time for display, refreshed a few times a second (interpolated while the clock runs). */
export function useClusterTime(refreshMs = 250) {
  const cluster = useClusterStore()
  const now = ref(cluster.nowAt())
  const refresh = (): void => {
    now.value = cluster.nowAt()
  }
  // A new clock state (pause, step, an instant clock's jump) shows at once, with its label;
  // the interval only moves a running realtime clock's display along between states.
  watch(() => cluster.clock, refresh)
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(refresh, refreshMs)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
