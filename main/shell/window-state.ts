import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Where the app window was and how big, kept in a small JSON file in
 * userData so the next start opens it the same way. A saved position off
 * every display (a monitor unplugged since) is dropped: the window then
 * opens centred on the primary display.
 */
export interface WindowState {
  width: number
  height: number
  x?: number
  y?: number
  maximized?: boolean
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const defaultWindowState: WindowState = { width: 1400, height: 900 }
const minSize = { width: 900, height: 600 }

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

/** The saved state, checked and fitted to the displays' work areas; the default when absent or unreadable. */
export function loadWindowState(file: string, displays: Rect[]): WindowState {
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    return { ...defaultWindowState }
  }
  if (typeof raw !== 'object' || raw === null || !isInt(raw.width) || !isInt(raw.height)) return { ...defaultWindowState }
  const state: WindowState = { width: Math.max(minSize.width, raw.width), height: Math.max(minSize.height, raw.height) }
  if (raw.maximized === true) state.maximized = true
  const { x, y } = raw
  if (isInt(x) && isInt(y)) {
    // At least the title bar must land on some display, or the window could not be grabbed.
    const visible = displays.some((d) => x < d.x + d.width - 100 && x + state.width > d.x + 100 && y >= d.y && y < d.y + d.height - 50)
    if (visible) {
      state.x = x
      state.y = y
    }
  }
  return state
}

/** Writes the state; a failure (read-only profile) is not worth bothering the user about. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(state))
  } catch {
    // The window opens at its default size next time.
  }
}
