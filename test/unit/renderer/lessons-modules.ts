/* eslint-disable @typescript-eslint/ban-ts-comment -- the ts-ignores below are the point of this file */
/**
 * The lesson modules the lessons tests exercise, re-exported behind
 * ts-ignores for TS6307, for the reason modules.ts gives (renderer/ is not in
 * tsconfig.node.json's file list). Leaves first: the first import of a
 * renderer file is the one TypeScript reports.
 */
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/lib/kube'
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/lessons/types'
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/lessons/run-action'
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/api/current'
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/stores/objects'
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/stores/selection'
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/stores/trace'
// @ts-ignore TS6307 (see modules.ts)
export * from '../../../renderer/src/stores/lessons'
