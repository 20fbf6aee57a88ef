// Chart items that carry a `url` in their data are links (the funnel's stages, the
// flows' bars): a click opens the rows behind them. Runs after app.js drew the charts.
(function () {
  "use strict";

  function linkCharts(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-chart][data-chart-links]").forEach(function (el) {
      var chart = window.echarts.getInstanceByDom(el);
      if (!chart || el.dataset.chartLinked) { return; }
      chart.on("click", function (params) {
        var url = params.data && params.data.url;
        // Only this site's own pages.
        if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
          window.location.href = url;
        }
      });
      el.dataset.chartLinked = "1";
      el.classList.add("chart-linked");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { linkCharts(document); });
  document.addEventListener("htmx:afterSettle", function (e) { linkCharts(e.target); });
})();
