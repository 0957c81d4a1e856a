// Opens the comment form in place under the comment being replied to.
// Without JavaScript the Reply link leads to a reply page that works the same way.
// On a cached article page the form has no CSRF token: it is fetched (with its cookie) when
// the reader starts writing, and at the latest when they send.
(function () {
  "use strict";

  function csrfOnDemand(form) {
    var input = form.querySelector("input[data-csrf-url]");
    if (!input) return;
    var pending = null;
    function fetchToken() {
      if (input.value) return Promise.resolve();
      if (!pending) {
        pending = fetch(input.dataset.csrfUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.json(); })
          .then(function (data) { input.value = data.token; })
          .catch(function () { pending = null; });
      }
      return pending;
    }
    form.addEventListener("focusin", fetchToken);
    form.addEventListener("submit", function (event) {
      if (input.value) return;
      event.preventDefault();
      var submitter = event.submitter;
      fetchToken().then(function () {
        if (!input.value) return;
        if (submitter) form.requestSubmit(submitter);
        else form.requestSubmit();
      });
    });
  }

  function setup() {
    var respond = document.getElementById("respond");
    var form = document.getElementById("comment-form");
    if (form) csrfOnDemand(form);
    if (!respond || !form) return;
    var home = document.createElement("div");
    home.id = "respond-home";
    respond.parentNode.insertBefore(home, respond);
    var title = document.getElementById("reply-title");
    var originalTitle = title.textContent;
    var cancel = respond.querySelector(".cancel-reply");
    var replyTo = form.querySelector("input[name=reply_to]");

    function restore() {
      home.parentNode.insertBefore(respond, home);
      replyTo.value = "0";
      title.textContent = originalTitle;
      cancel.hidden = true;
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest(".comment-reply-link");
      if (!link) return;
      // The comment answered: its <li id="c123"> and the <article> with its author line.
      var item = link.closest("li.comment");
      var answered = item && item.querySelector(".comment-body");
      if (!answered) return;
      event.preventDefault();
      answered.appendChild(respond);
      replyTo.value = item.id.slice(1);
      var author = answered.querySelector(".comment-author");
      title.textContent = "Reply to " + (author ? author.textContent : "this comment");
      cancel.hidden = false;
      // Keep the comment being answered on screen above the form: bring its top into view
      // and focus the text box without the browser scrolling it away.
      answered.scrollIntoView({ block: "start" });
      var first = form.querySelector("textarea[name=comment]");
      if (first) first.focus({ preventScroll: true });
    });

    cancel.querySelector("button").addEventListener("click", function () {
      restore();
      title.focus();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
