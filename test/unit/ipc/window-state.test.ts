/** The Electron shell's window size and position file (main/shell/window-state.ts). */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultWindowState, loadWindowState, saveWindowState } from '../../../main/shell/window-state'

const display = { x: 0, y: 0, width: 1920, height: 1080 }
let dir = ''
const file = (): string => join(dir, 'window-state.json')

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('window state', () => {
  it('round-trips size, position and maximized', () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-ws-'))
    saveWindowState(file(), { width: 1200, height: 800, x: 40, y: 30, maximized: true })
    expect(loadWindowState(file(), [display])).toEqual({ width: 1200, height: 800, x: 40, y: 30, maximized: true })
  })

  it('opens at the default size without a file, or with a damaged one', () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-ws-'))
    expect(loadWindowState(file(), [display])).toEqual(defaultWindowState)
    writeFileSync(file(), '{"width": "wide"')
    expect(loadWindowState(file(), [display])).toEqual(defaultWindowState)
  })

  it('forgets a position on a display that is gone, and keeps the window at a usable size', () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-ws-'))
    saveWindowState(file(), { width: 300, height: 200, x: 3000, y: 100 })
    expect(loadWindowState(file(), [display])).toEqual({ width: 900, height: 600 })
    expect(loadWindowState(file(), [display, { x: 1920, y: 0, width: 1920, height: 1080 }])).toEqual({ width: 900, height: 600, x: 3000, y: 100 })
  })
})
