import type { Node } from 'kubernetes-types/core/v1'

/**
 * The order nodes are visited in (kube-scheduler's nodeTree): nodes are
 * grouped by zone, and the list takes one node from each zone in turn, so
 * that with percentageOfNodesToScore the nodes examined for a pod are spread
 * over zones rather than all from the first one.
 */
export class NodeTree {
  private readonly zones: string[] = []
  private readonly tree = new Map<string, string[]>()
  private readonly zoneOf = new Map<string, string>()
  private count = 0

/** How many nodes. */
  get size(): number {
    return this.count
  }

/** Adds a node (or moves it to its new zone). */
  add(node: Node): void {
    const name = node.metadata?.name ?? ''
    const zone = zoneKey(node)
    if (this.zoneOf.has(name)) {
      if (this.zoneOf.get(name) === zone) return
      this.remove(name)
    }
    let names = this.tree.get(zone)
    if (!names) {
      this.tree.set(zone, (names = []))
      this.zones.push(zone)
    }
    names.push(name)
    this.zoneOf.set(name, zone)
    this.count++
  }

/** Removes a node. */
  remove(name: string): void {
    const zone = this.zoneOf.get(name)
    if (zone === undefined) return
    const names = this.tree.get(zone)!
    names.splice(names.indexOf(name), 1)
    if (names.length === 0) {
      this.tree.delete(zone)
      this.zones.splice(this.zones.indexOf(zone), 1)
    }
    this.zoneOf.delete(name)
    this.count--
  }

  /** Whether a node's zone changed (so it moves in the list). */
  zoneChanged(node: Node): boolean {
    const name = node.metadata?.name ?? ''
    return this.zoneOf.has(name) && this.zoneOf.get(name) !== zoneKey(node)
  }

  /** Node names, one per zone in turn (nodeTree.list). */
  list(): string[] {
    const out: string[] = []
    for (let i = 0; out.length < this.count; i++) {
      for (const zone of this.zones) {
        const names = this.tree.get(zone)!
        if (i < names.length) out.push(names[i])
      }
    }
    return out
  }
}

/** utilnode.GetZoneKey: region and zone (GA labels, else the beta failure-domain ones), or '' when neither is set. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {}
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? ''
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? ''
  if (zone === '' && region === '') return ''
  return `${region}:\x00:${zone}`
}
