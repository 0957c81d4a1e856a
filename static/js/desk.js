/* The moderation desk's keyboard: j/k move, a/s/r decide, e edit, o or Enter open, u undo
   (Wagtail's own "?" dialog lists them). Every key presses a button or follows a link that is
   on the page, so the server decides what is allowed, and the desk works without JavaScript. */
(() => {
  "use strict";
  const STORE = "tribune-desk-row";
  const detail = document.querySelector("[data-tribune-detail]");
  const table = document.querySelector("[data-tribune-queue]");
  let current = 0;

  const rows = () => (table ? Array.from(table.querySelectorAll("tbody tr")) : []);

  function select(index, focus) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => {
      row.classList.toggle("tribune-current", i === current);
      if (i === current) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    });
    sessionStorage.setItem(STORE, String(current));
    if (focus) {
      const link = all[current].querySelector(".tribune-cell-comment a");
      if (link) link.focus({ preventScroll: true });
      all[current].scrollIntoView({ block: "nearest" });
    }
  }

  function press(selector) {
    const scope = detail || rows()[current];
    const button = scope && scope.querySelector(selector);
    if (!button) return false;
    button.click();
    return true;
  }

  function decide(slug) {
    // On a comment's page reached from a queue, a decision goes on to the queue's next comment.
    if (detail && press(`[data-action-next="${slug}"]`)) return;
    if (detail && detail.hasAttribute("data-from-queue")) {
      const form = detail.querySelector("[data-tribune-actions]");
      const button = form && form.querySelector(`[data-action="${slug}"]`);
      if (button) {
        const then = document.createElement("input");
        then.type = "hidden";
        then.name = "then";
        then.value = "next";
        form.appendChild(then);
        button.click();
      }
      return;
    }
    press(`[data-action="${slug}"]`);
  }

  function follow(selector) {
    const link = document.querySelector(selector);
    if (link) window.location.href = link.href;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    // Keys typed while a dialog (such as the shortcuts list) is open are not decisions.
    if (document.querySelector("dialog[open], .w-dialog:not([aria-hidden='true'])")) return;
    const keys = {
      j: () => (detail ? follow("[data-tribune-next]") : select(current + 1, true)),
      k: () => (detail ? follow("[data-tribune-prev]") : select(current - 1, true)),
      a: () => decide("approve"),
      s: () => decide("spam"),
      r: () => decide("remove"),
      e: () => press('[data-action="edit"]') || follow(".tribune-current .tribune-cell-comment a"),
      o: () => follow(".tribune-current .tribune-cell-comment a"),
      u: () => {
        const undo = document.querySelector('[data-tribune-undo] [data-action="undo"]');
        if (undo) undo.click();
      },
    };
    if (event.key === "Enter" && !detail && target === document.body) {
      keys.o();
      event.preventDefault();
      return;
    }
    const run = keys[event.key];
    if (run) {
      event.preventDefault();
      run();
    }
  });

  // Undo lasts a few seconds; then the button goes and the message stays.
  document.querySelectorAll("[data-tribune-undo]").forEach((form) => {
    const seconds = Number(form.dataset.seconds || "10");
    window.setTimeout(() => {
      const button = form.querySelector("button");
      if (button) button.remove();
    }, seconds * 1000);
  });

  if (table) select(Number(sessionStorage.getItem(STORE) || "0"), false);
})();
