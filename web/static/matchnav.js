// Document page: n / p step through the query's matches (the same anchors the
// 上一处 / 下一处 links use without JavaScript), and the outline starts folded on phones.
(function () {
  "use strict";

  function marks() {
    return Array.prototype.slice.call(document.querySelectorAll(".doc-body mark[id]"));
  }

  function current(list) {
    var id = decodeURIComponent(location.hash.slice(1));
    for (var i = 0; i < list.length; i++) {
      if (list[i].id === id) return i;
    }
    // No match targeted yet: the first match below the top of the window.
    for (var j = 0; j < list.length; j++) {
      if (list[j].getBoundingClientRect().top > 0) return j - 0.5;
    }
    return list.length - 0.5;
  }

  function step(delta) {
    var list = marks();
    if (!list.length) return;
    var at = current(list);
    var next = delta > 0 ? Math.floor(at) + 1 : Math.ceil(at) - 1;
    next = Math.max(0, Math.min(list.length - 1, next));
    location.hash = "#" + list[next].id;
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === "n") step(1);
    else if (e.key === "p") step(-1);
    else return;
    e.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var outline = document.querySelector(".outline details");
    if (outline && window.matchMedia("(max-width: 799px)").matches) outline.open = false;
  });
})();
