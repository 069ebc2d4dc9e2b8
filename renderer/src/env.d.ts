/// <reference types="vite/client" />
import type { KubelabApi } from '../../preload/contract'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    /** Present in the Electron window (exposed by preload); absent in serve mode. */
    kubelab?: KubelabApi
  }
}
