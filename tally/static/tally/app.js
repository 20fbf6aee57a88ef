// Tally's page behaviour: small, plain JS. Charts: every [data-chart] element names the
// id of a json_script block holding an ECharts option dict built in Python.
(function () {
  "use strict";

  function initCharts(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.chartReady) { return; }
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      var chart = window.echarts.init(el);
      chart.setOption(JSON.parse(source.textContent));
      el.dataset.chartReady = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // Progress bars: the width comes from data-progress (CSP forbids inline styles).
  function sizeProgressBars(root) {
    root.querySelectorAll("[data-progress]").forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, Number(el.dataset.progress) || 0)) + "%";
    });
  }

  // Confirmation for destructive buttons without inline handlers (CSP forbids them).
  function confirmClicks(event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCharts(document);
    sizeProgressBars(document);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    initCharts(e.target);
    sizeProgressBars(e.target);
  });
  document.addEventListener("click", confirmClicks);
})();
