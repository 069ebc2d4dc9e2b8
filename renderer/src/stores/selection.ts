import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { KubeObject } from '../../../preload/contract'
import { refKey, type ObjectRef } from '../lib/kube'
import { useObjectsStore } from './objects'

/** What the user picked (canvas, sidebar, events): the inspector shows it. */
export const useSelectionStore = defineStore('selection', () => {
  const selected = ref<ObjectRef | null>(null)

  /** The selected object as currently stored; undefined once it is deleted. */
  const object = computed<KubeObject | undefined>(() => (selected.value ? useObjectsStore().find(selected.value) : undefined))
  const key = computed(() => (selected.value ? refKey(selected.value) : ''))

  function select(ref: ObjectRef | null): void {
    selected.value = ref
  }

  function hydrate(): void {}
  function dispose(): void {
    selected.value = null
  }

  return { selected, object, key, select, hydrate, dispose }
})
