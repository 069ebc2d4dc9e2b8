/** minFeasibleNodesToFind: at least this many nodes are examined, so small clusters are searched whole. */
export const minFeasibleNodesToFind = 100
/** minFeasibleNodesPercentageToFind: the adaptive percentage never drops below 5%. */
export const minFeasibleNodesPercentageToFind = 5

/**
 * numFeasibleNodesToFind: how many feasible nodes to find before scoring.
 * Below 100 nodes, all of them. Otherwise the configured percentage, or
 * when 0 the adaptive one, 50% − nodes/125 (integer division) with a 5%
 * floor: 42% of 1,000 nodes (420), 10% of 5,000 (500); never fewer than 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes
  let percentage = percentageOfNodesToScore
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125)
    if (percentage < minFeasibleNodesPercentageToFind) percentage = minFeasibleNodesPercentageToFind
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100)
  return numNodes < minFeasibleNodesToFind ? minFeasibleNodesToFind : numNodes
}
