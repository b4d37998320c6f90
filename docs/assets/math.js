// Render the math that pymdownx.arithmatex (generic mode) leaves in the page:
// <span class="arithmatex">\( ... \)</span> and <div class="arithmatex">\[ ... \]</div>.
// KaTeX is shipped with the site (docs/assets/katex), so this works offline.
(function () {
  // Markdown habit: "a^\*" for a star that Markdown must not read as emphasis. Inside
  // math arithmatex already protects it, and KaTeX has no \* (TeX's discretionary
  // times), so read it as the star the author meant.
  var MACROS = { "\\*": "*" };
  function strip(tex) {
    tex = tex.trim();
    if ((tex.startsWith("\\(") && tex.endsWith("\\)")) || (tex.startsWith("\\[") && tex.endsWith("\\]"))) {
      return tex.slice(2, -2);
    }
    if (tex.startsWith("$$") && tex.endsWith("$$")) return tex.slice(2, -2);
    return tex;
  }
  function renderAll() {
    document.querySelectorAll(".arithmatex").forEach(function (el) {
      if (el.dataset.rendered) return;
      var display = el.tagName === "DIV";
      try {
        katex.render(strip(el.textContent), el, { displayMode: display, throwOnError: true, macros: MACROS });
        el.dataset.rendered = "1";
      } catch (e) {
        el.classList.add("math-error");
        console.error("math: " + e.message);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
