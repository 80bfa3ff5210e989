// "返回上一页" on the error pages: back in the browser's history when there is one, else the
// link's own address (待办). A file, not a javascript: link: the Content-Security-Policy runs no
// inline script.
"use strict";
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
