// Forms that ask before they are sent (deleting an indicator row): the question is the form's
// data-confirm attribute, plain text — never script. A file, not an onsubmit attribute: the
// Content-Security-Policy runs no inline script.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
