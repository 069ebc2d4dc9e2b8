/**
 * Places where cytoscape 3 does far more work than its result needs,
 * replaced by equivalents (each in its own file, with a unit test that
 * compares it with cytoscape's own): the style cache invalidation of
 * compound graphs (style-cache.ts), class toggles that restyle elements
 * whose classes did not change (class-toggle.ts) and the boxes' bounds
 * invalidation, one 'bounds' event per change (compound-bounds.ts).
 * Installed before the first sync; every cytoscape instance of the page
 * shares them.
 */
import type cytoscape from 'cytoscape'
import { installCheapStyleCache } from './style-cache'
import { installAccurateClassToggle } from './class-toggle'
import { installCheapCompoundBounds } from './compound-bounds'

export function installCytoscapeSpeedups(cy: cytoscape.Core): void {
  installCheapStyleCache(cy)
  installAccurateClassToggle(cy)
  installCheapCompoundBounds(cy)
}
