// The switch for the version for the visually impaired. No third-party code,
// no network requests; the choice is kept in localStorage on this device.
(function () {
  var KEY = "nastavnik-a11y";
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle("a11y", on);
    var button = document.getElementById("a11y-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Обычная версия" : "Версия для слабовидящих";
    }
  }
  if (stored()) root.classList.add("a11y");
  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    var button = document.getElementById("a11y-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var on = !root.classList.contains("a11y");
      try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
      apply(on);
    });
  });
})();
