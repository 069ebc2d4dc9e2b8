/** cytoscape-svg ships no types: a cytoscape extension that adds `cy.svg(options)`. */
declare module 'cytoscape-svg' {
  const extension: import('cytoscape').Ext
  export default extension
}
