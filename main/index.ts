/**
 * The Electron main process: wiring only. One instance; it starts the
 * cluster of the last data dir, opens one secure window on the built
 * renderer (context isolation, sandbox, no Node, a strict Content-Security-
 * Policy, no navigation, no new windows, no permissions), answers the
 * contract's calls over IPC, restores the window's size and position, offers
 * the native menu, and stops the cluster cleanly (it flushes) on quit.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from 'electron'
import { join } from 'node:path'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { ClusterSession } from './shell/cluster-session'
import { buildMenu } from './shell/menu'
import { loadWindowState, saveWindowState } from './shell/window-state'
import { exportSnapshot, importSnapshot, isClusterDir, resetDataDir } from './shell/snapshots'
import { contentSecurityPolicy } from './ipc/csp'

const windowStateFile = (): string => join(app.getPath('userData'), 'window-state.json')
const lastClusterFile = (): string => join(app.getPath('userData'), 'last-cluster.json')
const defaultDataDir = (): string => join(app.getPath('userData'), 'clusters', 'kubelab')
const docsUrl = 'https://kubernetes.io/docs/home/'
/** The only sites a link in the app may open, in the user's browser. */
const externalHosts = new Set(['kubernetes.io', 'github.com'])

/** Opens a link in the user's browser when it is https to a known site; anything else is ignored. */
function openExternalSafely(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return
  }
  if (parsed.protocol === 'https:' && externalHosts.has(parsed.hostname)) void shell.openExternal(parsed.toString())
}

let clusterSession: ClusterSession | undefined
let mainWindow: BrowserWindow | undefined

/** The cluster opened last (File > Open), or the default one. */
function lastDataDir(): string {
  try {
    const dir = (JSON.parse(readFileSync(lastClusterFile(), 'utf8')) as { dataDir?: unknown }).dataDir
    if (typeof dir === 'string' && isClusterDir(dir)) return dir
  } catch {
    // First start, or a damaged file: the default cluster.
  }
  return defaultDataDir()
}

function rememberDataDir(dataDir: string): void {
  try {
    writeFileSync(lastClusterFile(), JSON.stringify({ dataDir }))
  } catch {
    // Not remembered: the next start opens the default cluster.
  }
}

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
  const state = loadWindowState(windowStateFile(), screen.getAllDisplays().map((d) => d.workArea))
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Kubelab',
    backgroundColor: '#0d1117',
    webPreferences: {
      preload: preloadPath(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would open links in new windows, around setWindowOpenHandler.
      disableBlinkFeatures: 'Auxclick'
    }
  })
  if (state.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  // Remember where the window was; the normal bounds, so a maximized window restores to its real size.
  win.on('close', () => saveWindowState(windowStateFile(), { ...win.getNormalBounds(), maximized: win.isMaximized() }))
  return win
}

/** Loads the renderer: once the contract is answered, so its first calls find their handlers. */
function loadRenderer(win: BrowserWindow): void {
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
}

/** Every web contents (the window, and anything it might try to open): no navigation, no new windows, no webviews. */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault())
    contents.on('will-redirect', (e) => e.preventDefault())
    contents.on('will-attach-webview', (e) => e.preventDefault())
    // Links to known sites open in the user's browser; the app never opens a window of its own.
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url)
      return { action: 'deny' }
    })
  })
}

/** The default session: no permission is ever granted, and every response carries the CSP (the dev server's too). */
function lockDownSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, decide) => decide(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onHeadersReceived((details, respond) => {
    respond({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } })
  })
}

async function chooseFolder(title: string, buttonLabel: string): Promise<string | undefined> {
  const result = mainWindow
    ? await dialog.showOpenDialog(mainWindow, { title, buttonLabel, properties: ['openDirectory', 'createDirectory'] })
    : await dialog.showOpenDialog({ title, buttonLabel, properties: ['openDirectory', 'createDirectory'] })
  return result.canceled ? undefined : result.filePaths[0]
}

async function confirm(message: string, detail: string, button: string): Promise<boolean> {
  const options = { type: 'warning' as const, message, detail, buttons: [button, 'Cancel'], defaultId: 1, cancelId: 1 }
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options)
  return response === 0
}

/** Runs a menu action; a failure is shown in a dialog, never left as an unhandled rejection. */
function guarded(what: string, action: () => Promise<void>): () => void {
  return () => {
    action().catch((e: unknown) => dialog.showErrorBox(`Could not ${what}`, e instanceof Error ? e.message : String(e)))
  }
}

function installMenu(s: ClusterSession): void {
  const open = async (dir: string): Promise<void> => {
    await s.switchTo(dir)
    rememberDataDir(dir)
  }
  const menu = buildMenu(
    {
      newCluster: guarded('create the cluster', async () => {
        const dir = await chooseFolder('Choose an empty folder for the new cluster', 'Create Cluster Here')
        if (!dir) return
        if (isClusterDir(dir)) throw new Error(`${dir} already holds a cluster: open it with File > Open Cluster.`)
        await open(dir)
      }),
      openCluster: guarded('open the cluster', async () => {
        const dir = await chooseFolder('Open a cluster folder', 'Open Cluster')
        if (!dir) return
        if (!isClusterDir(dir)) throw new Error(`${dir} holds no Kubelab cluster (no config.json).`)
        await open(dir)
      }),
      resetCluster: guarded('reset the cluster', async () => {
        if (!(await confirm('Reset this cluster?', `Everything in ${s.dataDir} is deleted and a new cluster starts there.`, 'Reset'))) return
        await s.switchTo(undefined, (dir) => dir && resetDataDir(dir))
      }),
      exportSnapshot: guarded('export a snapshot', async () => {
        const dest = await chooseFolder('Where to save the snapshot', 'Save Snapshot Here')
        if (!dest) return
        let saved = ''
        await s.switchTo(undefined, (dir) => {
          if (dir) saved = exportSnapshot(dir, dest, new Date())
        })
        await dialog.showMessageBox({ type: 'info', message: 'Snapshot saved', detail: saved })
      }),
      importSnapshot: guarded('import the snapshot', async () => {
        const source = await chooseFolder('Choose a snapshot folder', 'Import Snapshot')
        if (!source) return
        if (!isClusterDir(source)) throw new Error(`${source} is not a Kubelab snapshot (no config.json).`)
        if (!(await confirm('Replace this cluster with the snapshot?', `Everything in ${s.dataDir} is replaced by ${source}.`, 'Replace'))) return
        await s.switchTo(undefined, (dir) => dir && importSnapshot(source, dir))
      }),
      command: (c) => s.command(c),
      openDocs: () => openExternalSafely(docsUrl),
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          message: `Kubelab ${app.getVersion()}`,
          detail: `A whole Kubernetes cluster on your desktop.\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}\nCluster: ${s.dataDir ?? 'none'}`
        })
    },
    { isMac: process.platform === 'darwin', dev: !app.isPackaged }
  )
  Menu.setApplicationMenu(menu)
}

async function start(): Promise<void> {
  lockDownSession()
  const win = createWindow()
  mainWindow = win
  clusterSession = new ClusterSession(ipcMain, win.webContents)
  await clusterSession.open(lastDataDir())
  installMenu(clusterSession)
  loadRenderer(win)
  win.on('closed', () => {
    mainWindow = undefined
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  lockDownWebContents()
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.whenReady().then(start, (e: unknown) => {
    console.error(e)
    app.exit(1)
  })
  app.on('window-all-closed', () => app.quit())
  // Quit waits for the cluster to stop: it flushes and compacts its data and releases the data dir.
  let stopped = false
  app.on('will-quit', (e) => {
    if (stopped || !clusterSession) return
    e.preventDefault()
    clusterSession.stop().finally(() => {
      stopped = true
      app.quit()
    })
  })
}
