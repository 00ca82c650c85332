// The site's only script: our own, no third-party code, no requests to other
// hosts. Without it every page still works; only the features below need it.
//  1. The switch for the version for the visually impaired (ГОСТ Р 52872-2019):
//     the choice is kept in localStorage on this device, and applied before
//     the page is drawn so it does not flash.
//  2. On narrow screens, the «Меню» button that folds the section menu
//     (style.css shows it only under <html class="js">, set here before the
//     page is drawn; without this script the menu is always shown).
//  3. On the search page, Pagefind's UI, loaded from this site's pagefind/
//     folder (written at build time) and sized to the page's text, or a notice
//     saying why search is off.
(function () {
  var KEY = "nastavnik-a11y";
  var root = document.documentElement;
  root.classList.add("js");
  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  // Pagefind's UI sizes everything in px times --pagefind-ui-scale (0.8 by
  // default): make it follow this page's text size (the browser's setting,
  // the large-print version).
  function scaleSearch() {
    var box = document.getElementById("search");
    if (box) box.style.setProperty("--pagefind-ui-scale", String(0.8 * parseFloat(getComputedStyle(root).fontSize) / 16));
  }
  function apply(on) {
    root.classList.toggle("a11y", on);
    scaleSearch();
    var button = document.getElementById("a11y-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      // The words are in a <span>: on narrow screens only the icon is shown.
      (button.querySelector(".tool-label") || button).textContent = on ? "Обычная версия" : "Версия для слабовидящих";
    }
  }
  if (stored()) root.classList.add("a11y");

  // The menu button is a disclosure: aria-expanded is its only state, and
  // style.css hides the menu after it while it is "false". Escape closes the
  // open menu and puts the focus back on the button.
  function startMenu() {
    var button = document.getElementById("menu-toggle");
    if (!button) return;
    function open() { return button.getAttribute("aria-expanded") === "true"; }
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", open() ? "false" : "true");
    });
    button.parentNode.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !open() || button.offsetParent === null) return;
      button.setAttribute("aria-expanded", "false");
      button.focus();
    });
  }

  function unavailable(text) {
    var el = document.getElementById("search-reason");
    if (el) el.textContent = text;
    var notice = document.getElementById("search-unavailable");
    if (notice) notice.hidden = false;
  }
  function startSearch() {
    var box = document.getElementById("search");
    if (!box) return;
    var notice = document.getElementById("search-unavailable");
    if (notice) notice.hidden = true;  // shown again below if search cannot start
    if (window.location.protocol === "file:") {
      unavailable("Поиск работает, когда раздел открыт с веб-сервера: браузер не даёт странице, открытой с диска, прочитать поисковый индекс.");
      return;
    }
    // Absolute paths: Pagefind resolves its files against them, and prefixes
    // result links with baseUrl (the section may live in a sub-folder).
    var bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
    var base = new URL(bundle + "../", window.location.href).pathname;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      if (typeof window.PagefindUI !== "function") {
        unavailable("Файлы поиска повреждены: пересоберите сайт.");
        return;
      }
      new window.PagefindUI({
        element: "#search", bundlePath: bundle, baseUrl: base, showImages: false,
        showSubResults: true, resetStyles: false, autofocus: false
      });
    };
    script.onerror = function () {
      unavailable("Поисковый индекс не построен: при сборке сайта не было программы Pagefind (нужен Node.js).");
    };
    document.head.appendChild(script);
  }

  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    var button = document.getElementById("a11y-toggle");
    if (button) {
      // Shown only when this script runs: without it the button would do nothing.
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains("a11y");
        try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
        apply(on);
      });
    }
    startMenu();
    startSearch();
  });
})();
