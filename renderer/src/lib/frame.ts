/**
 * Runs a callback on the next animation frame, or soon when there are no
 * frames (node in unit tests). Kept injectable so tests can flush at will.
 */
export type FrameScheduler = (callback: () => void) => void

type Raf = (cb: () => void) => number

export const nextFrame: FrameScheduler = (callback) => {
  const raf = (globalThis as { requestAnimationFrame?: Raf }).requestAnimationFrame
  if (raf) raf(callback)
  else setTimeout(callback, 16)
}
