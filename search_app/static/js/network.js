/* Draws an organisation's cooperation network from <script type="application/json" id="network-data">
   with Cytoscape.js (served from /static/vendor). Clicking a node opens its page. The list under the
   picture holds the same links for keyboards and screen readers. */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("network");
    var island = document.getElementById("network-data");
    if (!box || !island) { return; }
    if (typeof window.cytoscape === "undefined") { box.hidden = true; return; }
    var data;
    try { data = JSON.parse(island.textContent); } catch (e) { return; }
    var elements = [];
    data.nodes.forEach(function (n) { elements.push({ data: { id: n.id, label: n.label, kind: n.kind, href: n.href } }); });
    data.edges.forEach(function (e, i) { elements.push({ data: { id: "e" + i, source: e.source, target: e.target, rel: e.rel } }); });
    var cy = window.cytoscape({
      container: box,
      elements: elements,
      minZoom: 0.3,
      maxZoom: 1.4,
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120,
          "text-valign": "bottom", "text-margin-y": 4, "color": "#1b2730", "background-color": "#d9822b", "width": 18, "height": 18 } },
        { selector: "node[kind = 'project']", style: { "background-color": "#2f6fd1", "shape": "round-rectangle" } },
        { selector: "node[kind = 'focus']", style: { "background-color": "#0f4c5c", "width": 30, "height": 30, "font-weight": "bold", "font-size": 12 } },
        { selector: "edge", style: { "width": 1.5, "line-color": "#b7c7cd", "curve-style": "bezier" } },
        { selector: "edge[rel = 'partner']", style: { "line-color": "#d9822b", "width": 2.5 } }
      ],
      layout: {
        name: "concentric", animate: false, padding: 24, minNodeSpacing: 36, avoidOverlap: true,
        concentric: function (node) { return node.data("kind") === "focus" ? 3 : (node.degree() > 1 ? 2 : 1); },
        levelWidth: function () { return 1; }
      }
    });
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("href");
      if (href && href.charAt(0) === "/") { window.location.href = href; }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
