/**
 * A lesson as the renderer receives it: plain data, no functions. Commands
 * that name the data dir are written out; an action that depends on the
 * cluster is announced by its label only (the renderer asks for it when the
 * learner presses its button, see ScenariosService.resolveAction).
 */
import type { Action, ActionOf, Lesson } from './types'

export interface StepActionInfo {
  label: string
  /** The action, when it does not depend on the cluster. */
  action?: Action
}

export interface StepInfo {
  id: string
  title: string
  text: string[]
  commands: string[]
  /** Manifests as YAML, to read, copy, or apply ("Apply for me"). */
  manifests?: string
  actions: StepActionInfo[]
}

export interface LessonInfo {
  id: string
  title: string
  summary: string
  minutes: number
  steps: StepInfo[]
}

const staticAction = (a: ActionOf): Action | undefined => (typeof a === 'function' ? undefined : a)

export function lessonInfo(lesson: Lesson, dataDir: string | undefined): LessonInfo {
  return {
    id: lesson.id,
    title: lesson.title,
    summary: lesson.summary,
    minutes: lesson.minutes,
    steps: lesson.steps.map((s) => ({
      id: s.id,
      title: s.title,
      text: [...s.text],
      commands: (s.commands ?? []).map((c) => (typeof c === 'function' ? c({ dataDir }) : c)),
      ...(s.manifests ? { manifests: s.manifests } : {}),
      actions: (s.actions ?? []).map((a) => {
        const action = staticAction(a.action)
        return action ? { label: a.label, action } : { label: a.label }
      })
    }))
  }
}
