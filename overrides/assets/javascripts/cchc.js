/* cchc: the small behaviours of every page, all optional (the page works without them):
 * the menu button on phones, the "In trang" button, and in the preview's error page a reload
 * once the fixed page exists. No inline script anywhere: the portal's CSP forbids it. */
(function () {
  "use strict";

  function menu() {
    var button = document.querySelector(".cchc-nav__toggle");
    var list = document.getElementById("cchc-menu");
    if (!button || !list) return;
    var narrow = window.matchMedia("(max-width: 47.99em)");
    function apply() {
      if (narrow.matches) {
        button.hidden = false;
        list.hidden = button.getAttribute("aria-expanded") !== "true";
      } else {
        button.hidden = true;
        list.hidden = false;
      }
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      apply();
      if (!open) {
        var first = list.querySelector("a");
        if (first) first.focus();
      }
    });
    list.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && narrow.matches) {
        button.setAttribute("aria-expanded", "false");
        apply();
        button.focus();
      }
    });
    if (narrow.addEventListener) narrow.addEventListener("change", apply);
    apply();
  }

  function printing() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cchc-print]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  function reloadWhenBuilt() {
    if (!document.querySelector("[data-cchc-reload-when-built]")) return;
    var timer = setInterval(function () {
      fetch(location.href, { cache: "no-store" }).then(function (r) {
        if (r.ok) { clearInterval(timer); location.reload(); }
      }).catch(function () {});
    }, 1500);
  }

  menu();
  printing();
  reloadWhenBuilt();
})();
