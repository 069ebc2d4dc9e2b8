/** The built-in lessons, in the order the list shows them (first steps first). */
import { guestbookLesson } from './guestbook'
import { scaleRcLesson } from './scale-rc'
import { nodeDownLesson } from './node-down'
import { hpaLesson } from './hpa'
import { pvPvcLesson } from './pv-pvc'
import { staticPodsLesson } from './static-pods'
import { namespacesLesson } from './namespaces'
import { brokenServiceLesson } from './broken-service'
import type { Lesson } from './types'

export const lessons: readonly Lesson[] = [guestbookLesson, scaleRcLesson, nodeDownLesson, hpaLesson, pvPvcLesson, staticPodsLesson, namespacesLesson, brokenServiceLesson]

export const lessonById = (id: string): Lesson | undefined => lessons.find((l) => l.id === id)
