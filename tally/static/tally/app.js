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

  // The organisation chooser (tally/orgs/widgets.py): a text box where a name or a code
  // is typed; matches within the user's scope come from data-org-chooser (a URL) as the
  // user types. A chosen organisation shows as "名称（编码）" while its code is what the
  // form sends (a hidden input takes the field's name); text typed but not chosen is sent
  // as typed, and the server resolves it by name or code or says why it cannot.
  // data-org-multiple: several codes separated by 、, each choice appended.
  function initOrgChoosers(root) {
    root.querySelectorAll("[data-org-chooser]").forEach(function (box) {
      if (box.dataset.orgReady) { return; }
      box.dataset.orgReady = "1";
      var input = box.querySelector("input[type=text]");
      var list = box.querySelector(".org-chooser-list");
      if (!input || !list) { return; }
      var multiple = box.hasAttribute("data-org-multiple");
      var hidden = null;
      var chosenLabel = "";
      if (!multiple) {
        hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = input.name;
        hidden.value = input.value;
        input.removeAttribute("name");
        box.appendChild(hidden);
        if (input.dataset.orgLabel) {
          chosenLabel = input.dataset.orgLabel;
          input.value = chosenLabel;
        }
      }
      var timer = null, active = -1, results = [], asked = "";

      function close() {
        list.classList.add("d-none");
        list.replaceChildren();
        input.setAttribute("aria-expanded", "false");
        active = -1;
      }

      function lastPart() {
        var parts = input.value.split(/[、;；,，]/);
        return parts[parts.length - 1].trim();
      }

      function choose(index) {
        var org = results[index];
        if (!org) { return; }
        if (multiple) {
          var parts = input.value.split(/[、;；,，]/).map(function (p) { return p.trim(); });
          parts[parts.length - 1] = org.code;
          input.value = parts.filter(Boolean).join("、") + "、";
        } else {
          hidden.value = org.code;
          chosenLabel = org.label;
          input.value = org.label;
        }
        close();
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }

      function highlight(index) {
        var items = list.querySelectorAll("[role=option]");
        items.forEach(function (item, i) {
          item.classList.toggle("active", i === index);
          item.setAttribute("aria-selected", i === index ? "true" : "false");
        });
        active = index;
      }

      function option(org, index) {
        var item = document.createElement("button");
        item.type = "button";
        item.className = "list-group-item list-group-item-action py-1";
        item.setAttribute("role", "option");
        var name = document.createElement("span");
        name.textContent = org.name;
        var code = document.createElement("span");
        code.className = "text-muted small ms-2";
        code.textContent = org.code;
        item.append(name, code);
        if (org.within) {
          var within = document.createElement("div");
          within.className = "text-muted small";
          within.textContent = org.within;
          item.appendChild(within);
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box
          choose(index);
        });
        return item;
      }

      function show(found) {
        results = found;
        list.replaceChildren();
        if (!found.length) {
          var none = document.createElement("div");
          none.className = "list-group-item text-muted small py-1";
          none.textContent = box.dataset.orgNone || "—";
          list.appendChild(none);
        }
        found.forEach(function (org, index) { list.appendChild(option(org, index)); });
        list.classList.remove("d-none");
        input.setAttribute("aria-expanded", "true");
        active = -1;
      }

      function ask() {
        var query = multiple ? lastPart() : input.value.trim();
        if (query === chosenLabel && !multiple) { return; }
        asked = query;
        var url = box.dataset.orgChooser + "&q=" + encodeURIComponent(query);
        fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (asked === query && document.activeElement === input) { show(data.results); }
          })
          .catch(close);
      }

      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(ask, 200);
      });
      input.addEventListener("focus", function () {
        if (!input.value.trim() || multiple) { ask(); }
      });
      input.addEventListener("blur", function () { window.setTimeout(close, 150); });
      input.addEventListener("keydown", function (event) {
        var open = !list.classList.contains("d-none");
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          if (!open) { ask(); return; }
          event.preventDefault();
          var step = event.key === "ArrowDown" ? 1 : -1;
          highlight(Math.max(0, Math.min(results.length - 1, active + step)));
        } else if (event.key === "Enter" && open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (event.key === "Escape" && open) {
          event.preventDefault();
          close();
        }
      });
      var form = input.form;
      if (form && hidden) {
        form.addEventListener("submit", function () {
          // Typed and not chosen: send the text; the server resolves it or says why not.
          if (input.value.trim() !== chosenLabel) { hidden.value = input.value.trim(); }
        });
      }
    });
  }

  // The ledger-type editor: a key box (data-key-from = the name of the field it is made
  // from) follows that field while it is empty or still holds the key made for it; the
  // key comes from the server (pypinyin), data-key-url. A box with data-ticks ticks the
  // checkbox of that name when ticked ("identifies a record" → "required").
  function initKeyBoxes(root) {
    root.querySelectorAll("input[data-key-from]").forEach(function (box) {
      if (box.dataset.keyReady || box.disabled) { return; }
      box.dataset.keyReady = "1";
      var source = box.form && box.form.elements.namedItem(box.dataset.keyFrom);
      if (!source) { return; }
      var timer = null;
      function follow() {
        if (box.value && box.value !== box.dataset.madeKey) { return; }
        var url = box.dataset.keyUrl + "&name=" + encodeURIComponent(source.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            if (!data || (box.value && box.value !== box.dataset.madeKey)) { return; }
            box.value = data.key;
            box.dataset.madeKey = data.key;
          });
      }
      source.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(follow, 250);
      });
    });
    root.querySelectorAll("input[type=checkbox][data-ticks]").forEach(function (box) {
      if (box.dataset.ticksReady) { return; }
      box.dataset.ticksReady = "1";
      box.addEventListener("change", function () {
        var other = box.form && box.form.elements.namedItem(box.dataset.ticks);
        if (box.checked && other) { other.checked = true; }
      });
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
    initOrgChoosers(document);
    initKeyBoxes(document);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    initCharts(e.target);
    sizeProgressBars(e.target);
    initOrgChoosers(e.target);
    initKeyBoxes(e.target);
  });
  document.addEventListener("click", confirmClicks);
})();
