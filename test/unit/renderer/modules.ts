/* eslint-disable @typescript-eslint/ban-ts-comment -- the ts-ignores below are the point of this file */
/**
 * The renderer modules these tests exercise, re-exported in one place.
 *
 * Why this file: tsconfig.node.json (which type-checks everything under
 * test/) is a composite project that lists main/, preload/ and test/ but not
 * renderer/, so importing a renderer module from a test is error TS6307
 * ("not listed within the file list of project"). TypeScript reports that
 * once per file, at the first import it meets, depth first; so each module is
 * imported here leaves first, each behind a ts-ignore for exactly that error (ts-expect-error does not see project-level errors).
 * The modules themselves are still type-checked in full (here, and by
 * tsconfig.web.json). The lasting fix is a project of its own for renderer
 * tests (DOM and node types, including renderer/src): see the session report.
 */
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/lib/frame'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/api/errors'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/lib/kube'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/graph'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/sync'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/stores/objects'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/cluster-pods'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/pod-summary'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/cluster-view'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/network-view'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/lib/yaml-fields'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/apply/apply-plan'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/lib/scheduling-result'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/style-cache'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/class-toggle'
// @ts-ignore TS6307 (see above)
export * from '../../../renderer/src/components/topology/compound-bounds'
