// The indicator editor (targets/indicator_form.html). A file of its own, not an inline script:
// the Content-Security-Policy runs scripts from this site's files only.
"use strict";
(() => {
  const script = document.currentScript;
  // Every 二级 of the framework is offered, grouped by its 一级; choosing a 一级 moves the 二级 into
  // that group when it was in another one.
  const level1 = document.getElementById("level1"), level2 = document.getElementById("level2");
  level1.addEventListener("change", () => {
    const group = [...level2.querySelectorAll("optgroup")].find(g => g.label === level1.value);
    const current = level2.selectedOptions[0];
    if (group && !(current && current.parentElement === group)) level2.value = group.querySelector("option").value;
  });
  // Live reading of the value as the reviewer will read it (same parser as the server).
  const input = document.getElementById("target"), out = document.getElementById("reading");
  const names = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="};
  let asked = 0;  // replies can arrive out of order: only the newest question's answer is shown
  async function show() {
    const question = ++asked;
    const response = await fetch(script.dataset.parseValue + "?text=" + encodeURIComponent(input.value));
    if (!response.ok || question !== asked) return;
    const v = await response.json();
    if (question !== asked) return;
    out.textContent = v.kind === "quantity" ? `读作：${names[v.op] || ""} ${v.number} ${v.unit || ""}`
      : v.kind === "empty" ? "读作：空" : `读作：${v.kind === "qualitative" ? "定性" : v.kind} ${v.text || ""}`;
  }
  input.addEventListener("input", show); show();
})();
