import type { WebContents, IpcMain } from 'electron'
import { Cluster } from '../cluster/cluster'
import { createHandlers } from '../ipc/handlers'
import { attachElectronTransport, type ElectronTransport } from '../ipc/electron-transport'
import { startFeeds, type Feeds } from '../ipc/feeds'
import type { AppCommand } from '../../preload/contract'

/**
 * The cluster the window shows, with its IPC transport and feeds. Switching
 * clusters (new, open, reset, import) stops the running one first (it
 * flushes and releases its data dir), then starts the other and reloads the
 * window so the renderer lists it afresh.
 */
export class ClusterSession {
  private cluster?: Cluster
  private transport?: ElectronTransport
  private feeds?: Feeds
  private switching: Promise<void> = Promise.resolve()

  constructor(
    private readonly ipcMain: IpcMain,
    private readonly webContents: WebContents
  ) {}

  get dataDir(): string | undefined {
    return this.cluster?.dataDir
  }

  /** Starts the cluster in `dataDir` (creating it when the folder holds none) and answers the window's calls. */
  async open(dataDir: string): Promise<void> {
    await this.stop()
    // An API server on a free loopback port: kubectl reaches the cluster through the kubeconfig it writes.
    this.cluster = await Cluster.start({ dataDir, apiPort: 0 })
    // Log follows push their lines through the transport, which exists once the handlers do.
    this.transport = attachElectronTransport(this.ipcMain, this.webContents, createHandlers(this.cluster, { emit: () => this.transport?.emit }))
    this.feeds = startFeeds(this.cluster, this.transport.emit)
  }

  /** Runs `change` with the cluster stopped (to copy or replace its files), then opens `next` (default: the same dir) and reloads the window. */
  switchTo(next: string | undefined, change?: (stoppedDir: string | undefined) => void): Promise<void> {
    this.switching = this.switching.then(async () => {
      const current = this.dataDir
      await this.stop()
      try {
        change?.(current)
      } finally {
        await this.open(next ?? current!)
        if (!this.webContents.isDestroyed()) this.webContents.reload()
      }
    })
    return this.switching
  }

  /** Sends a menu command to the renderer. */
  command(command: AppCommand): void {
    this.transport?.emit('app/command', { command })
  }

  /** Stops answering the window and stops the cluster (it flushes its data). */
  async stop(): Promise<void> {
    this.feeds?.stop()
    this.transport?.close()
    this.feeds = this.transport = undefined
    const cluster = this.cluster
    this.cluster = undefined
    await cluster?.stop()
  }
}
