import type cytoscape from 'cytoscape'

/** The theme's colours, read from the CSS variables (styles/theme.css) so the canvas follows the theme. */
export interface Palette {
  bg: string
  surface: string
  surface2: string
  border: string
  text: string
  muted: string
  accent: string
  ok: string
  warn: string
  error: string
  progress: string
  done: string
  unknown: string
  controller: string
  service: string
  nodeLayer: string
  podLayer: string
  clusterIpLayer: string
  font: string
}

export function readPalette(el: Element): Palette {
  const css = getComputedStyle(el)
  const v = (name: string): string => css.getPropertyValue(`--${name}`).trim()
  return {
    bg: v('bg'),
    surface: v('surface'),
    surface2: v('surface-2'),
    border: v('border'),
    text: v('text'),
    muted: v('text-muted'),
    accent: v('accent'),
    ok: v('ok'),
    warn: v('warn'),
    error: v('error'),
    progress: v('progress'),
    done: v('done'),
    unknown: v('unknown'),
    controller: v('controller'),
    service: v('service'),
    nodeLayer: v('layer-node'),
    podLayer: v('layer-pod'),
    clusterIpLayer: v('layer-cluster-ip'),
    font: css.fontFamily
  }
}

/** A kind tag drawn inside a shape (controllers, Services), as an SVG data URI the CSP allows. */
function tag(text: string, color: string): string {
  // Stretched to a fixed width so every tag reads the same size inside its shape.
  const width = Math.min(54, 14 * text.length)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40" viewBox="0 0 64 40"><text x="32" y="21" font-family="system-ui,sans-serif" font-size="19" font-weight="700" fill="${color}" text-anchor="middle" dominant-baseline="middle" textLength="${width}" lengthAdjust="spacingAndGlyphs">${text}</text></svg>`
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`
}

/** The canvas stylesheet for a palette: one place that says how each element class looks. */
export function stylesheet(p: Palette): cytoscape.StylesheetJson {
  const label = {
    color: p.text,
    'font-family': p.font,
    'font-size': 10,
    'text-valign': 'bottom',
    'text-margin-y': 5,
    'text-wrap': 'ellipsis',
    'text-max-width': '80px',
    // Below this on-screen size labels are not drawn: the level of detail that keeps big clusters fast.
    'min-zoomed-font-size': 7
  }
  const sheet = [
    { selector: 'node', style: { ...label, label: 'data(label)', 'overlay-opacity': 0, 'underlay-opacity': 0 } },
    {
      selector: 'node:parent',
      style: {
        shape: 'round-rectangle',
        'corner-radius': 10,
        'background-color': p.surface2,
        'background-opacity': 0.7,
        'border-width': 1.5,
        'border-color': p.border,
        padding: 14,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -6,
        'text-max-width': '360px',
        'font-size': 13,
        'font-weight': 600,
        color: p.text,
        // Box names stay readable further out than pod names: they are how one finds one's way.
        'min-zoomed-font-size': 4,
        'min-width': 'data(minW)',
        'min-height': 'data(minH)',
        'min-width-bias-left': '0%',
        'min-width-bias-right': '100%',
        'min-height-bias-top': '0%',
        'min-height-bias-bottom': '100%'
      }
    },
    // Boxes without children yet keep their size and say what they are.
    { selector: '.k8s-node, .unscheduled-box, .bridge, .layer', style: { shape: 'round-rectangle', width: 'data(minW)', height: 'data(minH)', 'background-color': p.surface2, 'background-opacity': 0.7, 'border-width': 1.5, 'border-color': p.border, 'text-valign': 'top', 'text-margin-y': -6, 'font-size': 13, 'font-weight': 600, 'text-max-width': '360px', 'min-zoomed-font-size': 4 } },
    { selector: '.k8s-node.ready', style: { 'border-color': p.ok } },
    { selector: '.k8s-node.control-plane', style: { 'border-width': 2.5, 'background-color': p.surface } },
    { selector: '.k8s-node.not-ready', style: { 'border-color': p.error, 'border-style': 'dashed' } },
    { selector: '.k8s-node.cordoned', style: { 'border-style': 'dotted' } },
    // Why Pending: the scheduler's verdict under each node's name while an unplaced pod is selected.
    { selector: '.k8s-node.why-rejected, .k8s-node.why-fits', style: { label: 'data(whyLabel)', 'text-wrap': 'wrap', 'text-max-width': '320px', 'line-height': 1.35 } },
    { selector: '.k8s-node.why-rejected', style: { 'border-color': p.error, 'border-width': 2, color: p.error } },
    { selector: '.k8s-node.why-fits', style: { 'border-color': p.ok, 'border-width': 2, color: p.ok } },
    { selector: '.unscheduled-box', style: { 'border-style': 'dashed', 'border-color': p.warn, color: p.warn } },
    {
      selector: '.pod',
      style: {
        shape: 'round-rectangle',
        'corner-radius': 6,
        width: 30,
        height: 30,
        'background-color': p.unknown,
        'border-width': 3,
        'border-color': 'data(nsColor)'
      }
    },
    // Level of detail: a crowded node's pods as one summary (pod-summary.ts). On screen cytoscape draws a plain
    // disc of fixed style, and summary-layer.ts its pie of tones and its counts over it; a picture being exported
    // (export-image.ts) gets the pie and counts from cytoscape itself, as data-mapped style.
    { selector: '.pod-summary', style: { shape: 'ellipse', width: 46, height: 46, 'background-color': p.surface, 'border-width': 1.5, 'border-color': p.border, label: '' } },
    {
      selector: '.pod-summary.pie-drawn',
      style: {
        label: 'data(label)',
        'pie-size': '100%',
        'pie-1-background-color': p.ok,
        'pie-1-background-size': 'data(pct_ok)',
        'pie-2-background-color': p.progress,
        'pie-2-background-size': 'data(pct_progress)',
        'pie-3-background-color': p.warn,
        'pie-3-background-size': 'data(pct_warn)',
        'pie-4-background-color': p.error,
        'pie-4-background-size': 'data(pct_error)',
        'pie-5-background-color': p.done,
        'pie-5-background-size': 'data(pct_done)',
        'pie-6-background-color': p.unknown,
        'pie-6-background-size': 'data(pct_unknown)',
        'text-wrap': 'wrap',
        'text-max-width': '180px',
        'text-halign': 'right',
        'text-valign': 'center',
        'text-margin-x': 8,
        'text-margin-y': 0,
        'text-justification': 'left',
        'font-size': 11
      }
    },
    { selector: '.tone-ok', style: { 'background-color': p.ok } },
    { selector: '.tone-progress', style: { 'background-color': p.progress } },
    { selector: '.tone-warn', style: { 'background-color': p.warn } },
    { selector: '.tone-error', style: { 'background-color': p.error } },
    { selector: '.tone-done', style: { 'background-color': p.done } },
    { selector: '.pod.terminating', style: { 'background-opacity': 0.35, 'border-style': 'dashed' } },
    { selector: '.pod.restarted', style: { 'outline-width': 2, 'outline-color': p.error, 'outline-offset': 2 } },
    {
      selector: '.controller',
      style: {
        shape: 'round-rectangle',
        'corner-radius': 8,
        width: 50,
        height: 32,
        'background-color': p.surface,
        'border-width': 2,
        'border-color': p.controller,
        'background-image': 'data(icon)',
        'background-fit': 'contain',
        'background-clip': 'none'
      }
    },
    { selector: '.controller.rs', style: { width: 40, height: 26 } },
    {
      selector: '.service',
      style: {
        shape: 'round-hexagon',
        width: 50,
        height: 40,
        'background-color': p.surface,
        'border-width': 2,
        'border-color': p.service,
        'background-image': 'data(icon)',
        'background-fit': 'contain'
      }
    },
    { selector: '.service.exposed', style: { 'border-width': 3, 'border-style': 'double' } },
    // Storage view.
    { selector: '.storageclass, .pv, .pvc', style: { shape: 'round-rectangle', width: 56, height: 34, 'background-color': p.surface, 'border-width': 2, 'border-color': p.muted, 'font-size': 10 } },
    { selector: '.storageclass', style: { shape: 'round-tag', 'border-color': p.controller } },
    { selector: '.storageclass.default-class', style: { 'border-width': 3 } },
    { selector: '.pv', style: { shape: 'barrel' } },
    { selector: '.phase-bound', style: { 'border-color': p.ok } },
    { selector: '.phase-pending', style: { 'border-color': p.warn, 'border-style': 'dashed' } },
    { selector: '.phase-available', style: { 'border-color': p.progress } },
    { selector: '.phase-released, .phase-failed', style: { 'border-color': p.error } },
    { selector: 'edge.binds', style: { 'line-color': p.ok, 'target-arrow-color': p.ok, 'target-arrow-shape': 'triangle', label: 'data(label)' } },
    { selector: 'edge.wants', style: { 'line-style': 'dashed', 'line-color': p.warn, 'target-arrow-color': p.warn, 'target-arrow-shape': 'triangle' } },
    { selector: 'edge.provisions', style: { 'line-color': p.controller, 'target-arrow-color': p.controller, 'target-arrow-shape': 'triangle' } },
    { selector: 'edge.mounts', style: { 'line-color': p.muted, 'target-arrow-shape': 'triangle' } },
    // Networks view.
    { selector: '.layer', style: { 'background-opacity': 0.07, 'border-style': 'dashed', 'border-width': 2, 'text-halign': 'center', 'font-size': 14 } },
    { selector: '.layer:parent', style: { 'background-opacity': 0.07, 'border-style': 'dashed', padding: 22 } },
    { selector: '.layer-node', style: { 'border-color': p.nodeLayer, color: p.nodeLayer, 'background-color': p.nodeLayer } },
    { selector: '.layer-pod', style: { 'border-color': p.podLayer, color: p.podLayer, 'background-color': p.podLayer } },
    { selector: '.layer-cluster-ip', style: { 'border-color': p.clusterIpLayer, color: p.clusterIpLayer, 'background-color': p.clusterIpLayer } },
    { selector: '.bridge', style: { 'border-color': p.podLayer, 'font-size': 11, 'background-color': p.surface2, 'background-opacity': 0.9 } },
    { selector: '.unscheduled-bridge', style: { 'border-color': p.warn, 'border-style': 'dashed', color: p.warn } },
    { selector: '.nic', style: { shape: 'round-rectangle', width: 156, height: 36, 'background-color': p.surface, 'border-width': 2, 'border-color': p.nodeLayer, 'text-wrap': 'wrap', 'text-valign': 'center', 'text-max-width': '150px', 'font-size': 10.5, 'text-margin-y': 0, 'font-weight': 600 } },
    // On the Pod network a pod is a row: a small square, then its name and IP beside it.
    { selector: '.pod.addressed', style: { width: 18, height: 18, 'border-width': 2.5, 'corner-radius': 4, 'text-wrap': 'wrap', 'text-max-width': '150px', 'text-halign': 'right', 'text-valign': 'center', 'text-margin-x': 7, 'text-margin-y': 0, 'text-justification': 'left', 'font-size': 10 } },
    { selector: '.service.exposed, .service.internal', style: { 'text-wrap': 'wrap', 'text-max-width': '150px' } },
    // Edges.
    { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'line-color': p.muted, 'target-arrow-color': p.muted, 'arrow-scale': 0.8, opacity: 0.75, 'font-family': p.font, 'font-size': 9, color: p.muted, 'min-zoomed-font-size': 8 } },
    { selector: 'edge.owns', style: { 'line-color': p.controller, 'target-arrow-color': p.controller, 'target-arrow-shape': 'triangle', opacity: 0.55 } },
    { selector: 'edge.serves', style: { 'line-color': p.service, 'target-arrow-color': p.service, 'target-arrow-shape': 'triangle', 'line-style': 'dashed', opacity: 0.7 } },
    { selector: 'edge.serves.not-ready', style: { 'line-color': p.warn, 'target-arrow-color': p.warn } },
    // Edges to pod summaries are many and straight: haystack lines are the cheapest cytoscape draws.
    { selector: 'edge.to-summary', style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none', width: 1, opacity: 0.35 } },
    { selector: 'edge.attach', style: { 'line-color': p.nodeLayer, width: 3, opacity: 0.5 } },
    { selector: 'edge.dnat', style: { 'line-color': p.clusterIpLayer, 'target-arrow-color': p.clusterIpLayer, 'target-arrow-shape': 'triangle', 'line-style': 'dashed', label: 'data(label)' } },
    { selector: 'edge.nodeport', style: { 'line-color': p.nodeLayer, 'target-arrow-color': p.nodeLayer, 'target-arrow-shape': 'triangle', label: 'data(label)' } },
    // Interaction: hover and selection, and what is unrelated to the selection fades.
    { selector: 'node.hover', style: { 'underlay-color': p.accent, 'underlay-opacity': 0.18, 'underlay-padding': 6 } },
    { selector: 'node:selected', style: { 'underlay-color': p.accent, 'underlay-opacity': 0.4, 'underlay-padding': 7 } },
    { selector: 'node:parent:selected', style: { 'underlay-opacity': 0, 'border-color': p.accent, 'border-width': 3 } },
    { selector: 'edge.related', style: { opacity: 1, width: 2.5 } },
    // Unrelated elements step back but stay readable: labels must survive the fade.
    { selector: '.faded', style: { opacity: 0.55 } },
    { selector: 'edge.faded', style: { opacity: 0.08 } }
  ]
  return sheet as unknown as cytoscape.StylesheetJson
}

/** Tag images per kind and theme colour, made once. */
export function kindIcon(kindTag: string, p: Palette): string {
  return tag(kindTag, kindTag === 'svc' ? p.service : p.controller)
}
