/* eslint-disable @typescript-eslint/ban-ts-comment -- the ts-ignore below is the point of this file */
/**
 * The Apply dialog's examples, which the Guestbook lessons' steps must
 * match (the dialog builds them from the lessons' manifests; the test checks
 * each step applies exactly its tier). Behind a ts-ignore for TS6307, for the reason
 * test/unit/renderer/modules.ts gives.
 */
// @ts-ignore TS6307 (see test/unit/renderer/modules.ts)
export * from '../../../renderer/src/components/apply/examples'
