/* Draws the charts described by <script type="application/json" class="chart-data"> islands with
   Chart.js (served from /static/vendor). Without Chart.js the tables stay as the charts' equal. */
(function () {
  "use strict";
  function draw() {
    var islands = document.querySelectorAll("script.chart-data");
    islands.forEach(function (island) {
      var canvas = document.getElementById(island.getAttribute("data-target"));
      var table = island.parentElement.querySelector("details.chart-table");
      if (!canvas) { return; }
      if (typeof window.Chart === "undefined") {
        if (table) { table.open = true; }
        canvas.parentElement.hidden = true;
        return;
      }
      var data;
      try { data = JSON.parse(island.textContent); } catch (e) { return; }
      var box = canvas.parentElement;
      box.style.height = Math.max(160, 28 * data.labels.length + 60) + "px";
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: data.series, data: data.values,
          backgroundColor: "#2f8f7a", borderRadius: 4, maxBarThickness: 22 }] },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } }
        }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
