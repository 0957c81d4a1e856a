// Opens the comment form in place under the comment being replied to.
// Without JavaScript the Reply link leads to a reply page that works the same way.
(function () {
  "use strict";

  function setup() {
    var respond = document.getElementById("respond");
    var form = document.getElementById("comment-form");
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
      var slot = document.querySelector('[data-reply-slot="' + link.dataset.replyTo + '"]');
      if (!slot) return;
      event.preventDefault();
      slot.appendChild(respond);
      replyTo.value = link.dataset.replyTo;
      title.textContent = "Reply to " + link.dataset.replyName;
      cancel.hidden = false;
      var first = form.querySelector("textarea[name=comment]");
      if (first) first.focus();
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
