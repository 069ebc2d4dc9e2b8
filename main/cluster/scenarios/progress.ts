/**
 * How far the learner got, as main keeps it (and the renderer shows it): the
 * open lesson, and per lesson its current step, the steps whose check
 * passed while current, and what its applies created (for Reset).
 */
import type { ObjectTarget } from './types'

export interface LessonProgress {
  step: number
  passed: string[]
  created: ObjectTarget[]
}

export interface SavedLessons {
  active: string
  progress: Record<string, LessonProgress>
}

/** A check's verdict for one step, as reported to the renderer. */
export interface StepReport {
  lessonId: string
  step: string
  done: boolean
  reason: string
}

/** What the renderer draws: the open lesson, everyone's progress, and the open step's check. */
export interface LessonsState {
  active: string
  progress: Record<string, { step: number; passed: string[] }>
  /** The open lesson's current step, evaluated. */
  check?: StepReport
  /** While Reset waits for its deletions, no step passes (the old objects would pass the first checks). */
  resetting: boolean
}

export const freshProgress = (): LessonProgress => ({ step: 0, passed: [], created: [] })

/** Saved progress read back, keeping only what has the right shape (a damaged file is forgotten, not fatal). */
export function sanitizeSaved(raw: unknown, known: (id: string) => boolean): SavedLessons {
  const out: SavedLessons = { active: '', progress: {} }
  if (!raw || typeof raw !== 'object') return out
  const r = raw as { active?: unknown; progress?: unknown }
  if (typeof r.active === 'string' && known(r.active)) out.active = r.active
  if (r.progress && typeof r.progress === 'object') {
    for (const [id, p] of Object.entries(r.progress as Record<string, Partial<LessonProgress>>)) {
      if (!known(id) || !p || typeof p !== 'object') continue
      out.progress[id] = {
        step: Number.isInteger(p.step) && (p.step as number) >= 0 ? (p.step as number) : 0,
        passed: Array.isArray(p.passed) ? p.passed.filter((s): s is string => typeof s === 'string') : [],
        created: Array.isArray(p.created) ? p.created.filter((c) => c && typeof c.name === 'string' && c.gvr && typeof c.gvr.resource === 'string') : []
      }
    }
  }
  return out
}
