// Render the diagrams written as Mermaid text in the page: <pre class="diagram-src">.
// Mermaid is shipped with the site (docs/assets/mermaid), so this works offline. Each
// source becomes an <svg> inside <div class="diagram">; a diagram that fails to render
// is marked .diagram-error and reported on the console (the browser test fails on it).
(function () {
  async function renderAll() {
    var sources = document.querySelectorAll("pre.diagram-src");
    if (!sources.length) return;
    if (typeof mermaid === "undefined") {
      console.error("diagrams: mermaid is not loaded");
      return;
    }
    mermaid.initialize({
      startOnLoad: false, securityLevel: "strict", theme: "neutral",
      fontFamily: "Roboto, Helvetica, Arial, sans-serif",
      sequence: { mirrorActors: false, wrap: true, useMaxWidth: true, width: 110, actorMargin: 30,
                  messageFontSize: 15, actorFontSize: 15, noteFontSize: 14, boxMargin: 8 },
    });
    var n = 0;
    for (var el of sources) {
      var id = "diagram-" + (n++);
      try {
        var out = await mermaid.render(id, el.textContent);
        var div = document.createElement("div");
        div.className = "diagram";
        div.setAttribute("role", "img");
        div.setAttribute("aria-label", el.getAttribute("aria-label") || "diagram");
        div.innerHTML = out.svg;
        el.replaceWith(div);
      } catch (e) {
        el.classList.add("diagram-error");
        console.error("diagram: " + (e && e.message ? e.message : e));
      }
    }
    document.documentElement.dataset.diagrams = "done";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
