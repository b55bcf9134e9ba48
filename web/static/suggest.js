// Suggestions as you type for the search box: the ARIA 1.2 combobox pattern over
// /api/suggest. The box is a plain form without this script; the script only adds the
// list, so the page works the same with JavaScript off.
(function () {
  "use strict";
  var KIND_LABELS = { title: "标题", term: "术语", word: "词语", issuer: "发文机关" };
  var DELAY_MS = 80;

  function setUp(input) {
    var form = input.form;
    var url = input.getAttribute("data-suggest-url");
    if (!form || !url) return;
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索建议");
    list.hidden = true;
    form.classList.add("has-suggestions");
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var items = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var options = list.children;
      for (var k = 0; k < options.length; k++) {
        options[k].setAttribute("aria-selected", k === i ? "true" : "false");
      }
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      input.value = items[i].text;
      close();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }

    function show(suggestions) {
      items = suggestions;
      list.textContent = "";
      active = -1;
      if (!items.length) {
        close();
        return;
      }
      items.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "suggestion";
        var text = document.createElement("span");
        text.className = "suggestion-text";
        text.textContent = s.text;
        var kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = (KIND_LABELS[s.kind] || s.kind) + " · " + s.count + " 篇";
        li.appendChild(text);
        li.appendChild(kind);
        // mousedown, not click: the input keeps focus and the list is not closed by blur.
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var q = input.value;
      if (q === asked) return;
      asked = q;
      if (pending) pending.abort();
      if (!q.trim()) {
        show([]);
        return;
      }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), {
        signal: pending.signal,
        headers: { Accept: "application/json" },
      })
        .then(function (r) {
          return r.ok ? r.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value === q) show(data.suggestions || []);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length > 0;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!open) {
          asked = "";
          ask();
          return;
        }
        e.preventDefault();
        var step = e.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= items.length) next = -1;
        if (next < -1) next = items.length - 1;
        highlight(next);
      } else if (e.key === "Enter") {
        if (open && active >= 0) {
          e.preventDefault();
          choose(active);
        } else {
          close();
        }
      } else if (e.key === "Escape") {
        if (open) {
          e.preventDefault();
          close();
        }
      }
    });
    input.addEventListener("blur", close);
  }

  function start() {
    var boxes = document.querySelectorAll("input[data-suggest-url]");
    for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
