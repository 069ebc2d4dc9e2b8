import { onBeforeUnmount, onMounted, ref } from 'vue'
import { useClusterStore } from '../stores/cluster'

/** Cluster time for display, refreshed a few times a second (interpolated while the clock runs). */
export function useClusterTime(refreshMs = 250) {
  const cluster = useClusterStore()
  const now = ref(cluster.nowAt())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = cluster.nowAt()), refreshMs)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
