/**
 * The lessons as the renderer knows them: data from the main process
 * (main/cluster/scenarios holds the lessons and runs their checks; see the
 * contract's lessons/* calls), and what the panel shows of a trace a step ran.
 */
import type { LessonAction, TraceRequest, TraceResult } from '../../../preload/contract'

export type { LessonAction, LessonCheck, LessonInfo, LessonStepInfo, LessonsState } from '../../../preload/contract'

/** A packet trace a lesson step ran for the learner, as the trace store answered it (played on the canvas). */
export interface TraceRecord {
  /** Which lesson step asked for it (`<lesson>/<step>`). */
  step: string
  request: TraceRequest
  result: TraceResult
}

/** A check's verdict as the panel shows it. */
export interface CheckResult {
  done: boolean
  reason: string
}

/** The actions the renderer carries out through the contract's existing calls (apply and trace have their own paths). */
export type CallAction = Exclude<LessonAction, { type: 'apply' } | { type: 'trace' }>
