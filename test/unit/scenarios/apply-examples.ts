/* eslint-disable @typescript-eslint/ban-ts-comment -- the ts-ignore below is the point of this file */
/**
 * The Apply dialog's examples, which the Guestbook lessons' manifests must
 * match (main cannot import the renderer; the test keeps the two copies
 * equal). Behind a ts-ignore for TS6307, for the reason
 * test/unit/renderer/modules.ts gives.
 */
// @ts-ignore TS6307 (see test/unit/renderer/modules.ts)
export * from '../../../renderer/src/components/apply/examples'
