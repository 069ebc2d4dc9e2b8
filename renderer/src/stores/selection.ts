import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { KubeObject } from '../../../preload/contract'
import { refKey, type ObjectRef } from '../lib/kube'
import { useApi } from '../api/current'
import { useObjectsStore } from './objects'

/**
 * Resources whose lists and deltas carry only what the views draw of each
 * object (main/ipc/for-renderer.ts: a pod's spec is trimmed to where it runs,
 * its containers and its claims). The selected one is read whole.
 */
const trimmedInLists: ReadonlySet<string> = new Set(['pods'])

/** What the user picked (canvas, sidebar, events): the inspector shows it. */
export const useSelectionStore = defineStore('selection', () => {
  const selected = ref<ObjectRef | null>(null)
  /** The selected object as `objects/get` returned it, when its lists trim it. */
  const whole = shallowRef<KubeObject | undefined>()

  const listed = computed<KubeObject | undefined>(() => (selected.value ? useObjectsStore().find(selected.value) : undefined))
  /**
   * The selected object as currently stored, whole; undefined once it is deleted. A trimmed one
   * takes its spec from the fetched object (a pod's spec barely changes) and all else from the
   * store, so its status is as live as the canvas's.
   */
  const object = computed<KubeObject | undefined>(() => {
    const l = listed.value
    const w = whole.value
    if (!l || !w || w.metadata.uid !== l.metadata.uid) return l
    return { ...l, spec: w.spec }
  })
  const key = computed(() => (selected.value ? refKey(selected.value) : ''))

  // Fetched again at every write to it: the spec may have changed (a new image, tolerations).
  watch(
    () => (selected.value && trimmedInLists.has(selected.value.resource) ? `${key.value}@${listed.value?.metadata.resourceVersion ?? ''}` : ''),
    (wanted) => {
      if (wanted) void fetchWhole(selected.value!)
      else whole.value = undefined
    },
    { immediate: true }
  )

  async function fetchWhole(ref: ObjectRef): Promise<void> {
    const kind = useObjectsStore().kindOf(ref.resource)
    if (!kind) return
    try {
      const got = await useApi().call('objects/get', { gvr: { group: kind.group, version: kind.version, resource: kind.plural }, namespace: ref.namespace, name: ref.name })
      if (key.value === refKey(ref)) whole.value = got
    } catch {
      // Gone meanwhile: its deletion reaches the store too, and the selection's object goes with it.
    }
  }

  function select(ref: ObjectRef | null): void {
    selected.value = ref
  }

  function hydrate(): void {}
  function dispose(): void {
    selected.value = null
  }

  return { selected, object, key, select, hydrate, dispose }
})
