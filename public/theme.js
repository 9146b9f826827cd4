// Applies the colour scheme chosen in the console (light / dark) before the first paint;
// without a choice the page follows the operating system.
(function () {
  try {
    var theme = localStorage.getItem("pd-theme");
    if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  } catch (e) {}
})();
