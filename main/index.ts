/**
 * The Electron main process: wiring only. It starts the cluster for the
 * current data dir, opens one secure window on the built renderer, answers the
 * contract's calls over IPC, and stops the cluster cleanly on quit.
 */
import { app, BrowserWindow, ipcMain, shell } from 'electron'
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { Cluster } from './cluster/cluster'
import { createHandlers } from './ipc/handlers'
import { attachElectronTransport, type ElectronTransport } from './ipc/electron-transport'
import { startFeeds, type Feeds } from './ipc/feeds'

let cluster: Cluster | undefined
let transport: ElectronTransport | undefined
let feeds: Feeds | undefined

/**
 * The built preload. A sandboxed window runs its preload as a classic script, so a CommonJS build
 * (index.cjs / index.js) is the one that works; an ES module build (index.mjs) is the last resort.
 */
function preloadPath(): string {
  const dir = join(__dirname, '../preload')
  const found = ['index.cjs', 'index.js', 'index.mjs'].map((f) => join(dir, f)).find((f) => existsSync(f))
  return found ?? join(dir, 'index.mjs')
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Kubelab',
    webPreferences: {
      preload: preloadPath(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true
    }
  })
  win.once('ready-to-show', () => win.show())
  // No navigation away from the app and no new windows; links open in the user's browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  win.webContents.session.setPermissionRequestHandler((_wc, _permission, decide) => decide(false))
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
  return win
}

async function start(): Promise<void> {
  cluster = await Cluster.start({ dataDir: join(app.getPath('userData'), 'clusters', 'kubelab') })
  const win = createWindow()
  // The contract answers this window only; its watch deltas and clock ticks go to it.
  transport = attachElectronTransport(ipcMain, win.webContents, createHandlers(cluster))
  feeds = startFeeds(cluster, transport.emit)
  win.on('closed', () => {
    feeds?.stop()
    transport?.close()
    feeds = transport = undefined
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows()
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  app.whenReady().then(start, (e: unknown) => {
    console.error(e)
    app.exit(1)
  })
  app.on('window-all-closed', () => app.quit())
  let stopped = false
  app.on('will-quit', (e) => {
    if (stopped || !cluster) return
    e.preventDefault()
    cluster.stop().finally(() => {
      stopped = true
      app.quit()
    })
  })
}
