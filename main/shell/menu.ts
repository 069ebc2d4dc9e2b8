import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '../../preload/contract'

/** What the menu's items do; index.ts supplies them. */
export interface MenuActions {
  newCluster(): void
  openCluster(): void
  resetCluster(): void
  exportSnapshot(): void
  importSnapshot(): void
  /** Commands the renderer carries out (views, theme, the Apply dialog, exports). */
  command(command: AppCommand): void
  openDocs(): void
  about(): void
}

/**
 * The native menu: File (clusters and snapshots), Edit (the standard roles,
 * so copy and paste work in the editor), View (views, theme, zoom) and Help.
 * Accelerators match the renderer's own shortcuts where it has them.
 */
export function buildMenu(actions: MenuActions, options: { isMac: boolean; dev: boolean }): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New Cluster…', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newCluster() },
        { label: 'Open Cluster…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCluster() },
        { label: 'Reset Cluster…', click: () => actions.resetCluster() },
        { type: 'separator' },
        { label: 'Apply YAML…', accelerator: 'CmdOrCtrl+Shift+A', click: () => actions.command('open-apply') },
        { type: 'separator' },
        { label: 'Export Snapshot…', click: () => actions.exportSnapshot() },
        { label: 'Import Snapshot…', click: () => actions.importSnapshot() },
        { type: 'separator' },
        { label: 'Export Topology as PNG…', click: () => actions.command('export-png') },
        { label: 'Export Topology as SVG…', click: () => actions.command('export-svg') },
        { type: 'separator' },
        options.isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: '&View',
      submenu: [
        { label: 'Cluster', accelerator: 'CmdOrCtrl+1', click: () => actions.command('view-cluster') },
        { label: 'Networks', accelerator: 'CmdOrCtrl+2', click: () => actions.command('view-networks') },
        { label: 'Storage', accelerator: 'CmdOrCtrl+3', click: () => actions.command('view-storage') },
        { type: 'separator' },
        { label: 'Toggle Light/Dark Theme', accelerator: 'CmdOrCtrl+Shift+L', click: () => actions.command('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.dev ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : [])
      ]
    },
    {
      label: '&Help',
      submenu: [
        { label: 'Kubernetes Documentation', click: () => actions.openDocs() },
        { label: 'About Kubelab', click: () => actions.about() }
      ]
    }
  ]
  return Menu.buildFromTemplate(template)
}
