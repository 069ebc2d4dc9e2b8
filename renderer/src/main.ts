import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { connectApi } from './api'
import { dispose, hydrate } from './hydrate'
import './styles/theme.css'
import './styles/base.css'

const api = connectApi()
const app = createApp(App, { connected: !!api }).use(createPinia())
// The theme is known before the first paint: preferences hydrate synchronously, the cluster after.
void hydrate(api)
app.mount('#app')
window.addEventListener('beforeunload', dispose)
