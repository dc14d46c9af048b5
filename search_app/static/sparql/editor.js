// The SPARQL editor: YASGUI with one tab per example query, and a note when a result was truncated.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var data = document.getElementById("sparql-examples");
  if (!root || !data || typeof window.Yasgui === "undefined") {
    return;
  }
  var form = document.querySelector(".sparql-fallback");
  if (form) {
    form.classList.add("is-hidden");
  }
  var examples = JSON.parse(data.textContent || "[]");
  var note = document.getElementById("sparql-note");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  var Yasgui = window.Yasgui;
  // New tabs ("+") start with civicgraph's prefixes instead of YASGUI's generic query.
  Yasgui.Yasqe.defaults.value = root.getAttribute("data-default-query") || Yasgui.Yasqe.defaults.value;

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return []; } },
    yasqe: { autocompleters: ["prefixes", "variables"], value: root.getAttribute("data-default-query") || "" }
  });

  function watch(tab) {
    var yasqe = tab && tab.getYasqe();
    if (!yasqe || yasqe.__civicgraphWatched) {
      return;
    }
    yasqe.__civicgraphWatched = true;
    yasqe.on("queryResponse", function (_yasqe, response) {
      var headers = response && response.headers;
      var truncated = Boolean(headers && typeof headers.get === "function" &&
        headers.get("X-SPARQL-Truncated") === "true");
      note.textContent = truncated ? root.getAttribute("data-truncated-text") : "";
      note.hidden = !truncated;
    });
  }

  var first = yasgui.getTab();
  examples.forEach(function (example, index) {
    if (index === 0 && first) {
      first.setName(example.title);
      first.setQuery(example.query);
    } else {
      yasgui.addTab(false, { name: example.title, yasqe: { value: example.query } });
    }
  });
  if (first) {
    yasgui.selectTabId(first.getId());
  }
  // The editor of a tab exists once the tab is shown; hook it when a query starts.
  yasgui.on("queryBefore", function (_y, tab) {
    note.hidden = true;
    watch(tab);
  });
})();
