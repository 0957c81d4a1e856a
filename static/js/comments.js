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

  // Characters as the server counts them: code points, a line break sent as CR LF.
  function serverLength(text) {
    var breaks = (text.match(/\n/g) || []).length;
    return Array.from(text).length + breaks;
  }

  // A live counter near the limit. Nothing is ever cut: over the limit, it says by how much.
  function characterCounter(textarea) {
    var max = parseInt(textarea.dataset.maxLength, 10);
    if (!max) return;
    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.id = textarea.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", counter);
    function update() {
      var length = serverLength(textarea.value);
      if (length < max * 0.8) {
        counter.textContent = "";
        counter.hidden = true;
        return;
      }
      counter.hidden = false;
      if (length > max) {
        counter.textContent = (length - max) + " characters over the limit of " + max +
          ". Nothing is cut: please shorten your comment.";
        counter.classList.add("over-limit");
      } else {
        counter.textContent = (max - length) + " characters left.";
        counter.classList.remove("over-limit");
      }
    }
    textarea.addEventListener("input", update);
    update();
  }

  // "Save my name and email in this browser": kept in this browser only, filled in here so
  // that the cached page stays the same for everyone.
  var REMEMBER_KEY = "tribune.commenter";

  function rememberedDetails(form) {
    var box = form.querySelector("input[name=remember]");
    if (!box) return;
    var fields = ["name", "email", "url"];
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(REMEMBER_KEY) || "null"); } catch (e) { saved = null; }
    if (saved) {
      fields.forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (input && !input.value && saved[name]) input.value = saved[name];
      });
      box.checked = true;
    }
    form.addEventListener("submit", function () {
      try {
        if (box.checked) {
          var details = {};
          fields.forEach(function (name) {
            var input = form.querySelector("[name=" + name + "]");
            details[name] = input ? input.value : "";
          });
          window.localStorage.setItem(REMEMBER_KEY, JSON.stringify(details));
        } else {
          window.localStorage.removeItem(REMEMBER_KEY);
        }
      } catch (e) { /* storage off: nothing is remembered */ }
    });
  }

  // What is this reader's on a page that is the same for everyone: "Logged in as", and Edit
  // and Delete links on their own comments, from a small uncached endpoint.
  function readerSpecific(form) {
    var meta = document.querySelector("[data-me-url]");
    if (!meta) return;
    var ids = Array.prototype.map.call(
      document.querySelectorAll("li.comment[id^=c]"),
      function (li) { return li.id.slice(1); }
    );
    var url = meta.dataset.meUrl + "?ids=" + encodeURIComponent(ids.slice(0, 500).join(","));
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (me) {
        if (me.signed_in && form) showSignedIn(form, me);
        (me.own || []).forEach(addOwnLinks);
      })
      .catch(function () { /* the page works without it */ });
  }

  function showSignedIn(form, me) {
    var guest = form.querySelectorAll("[data-guest-identity]");
    if (!guest.length) return;
    Array.prototype.forEach.call(guest, function (el) { el.hidden = true; });
    var line = document.createElement("p");
    line.className = "logged-in-as";
    line.appendChild(document.createTextNode("Logged in as "));
    var strong = document.createElement("strong");
    var bdi = document.createElement("bdi");
    bdi.textContent = me.name;
    strong.appendChild(bdi);
    line.appendChild(strong);
    line.appendChild(document.createTextNode(" · "));
    var out = document.createElement("a");
    out.href = me.logout_url;
    out.textContent = "Log out";
    line.appendChild(out);
    guest[0].insertAdjacentElement("beforebegin", line);
  }

  function addOwnLinks(own) {
    var li = document.getElementById("c" + own.id);
    if (!li) return;
    var body = li.querySelector(".comment-body");
    if (!body || body.querySelector(".comment-own-actions")) return;
    var actions = document.createElement("p");
    actions.className = "comment-own-actions";
    if (own.edit_url) {
      var edit = document.createElement("a");
      edit.href = own.edit_url;
      edit.className = "comment-edit-link";
      edit.textContent = "Edit";
      var until = new Date(own.edit_until);
      edit.title = "You can edit until " + until.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      actions.appendChild(edit);
      actions.appendChild(document.createTextNode(" · "));
    }
    var del = document.createElement("a");
    del.href = own.delete_url;
    del.className = "comment-edit-link";
    del.textContent = "Delete";
    actions.appendChild(del);
    body.appendChild(actions);
  }

  function setup() {
    var respond = document.getElementById("respond");
    var form = document.getElementById("comment-form");
    Array.prototype.forEach.call(
      document.querySelectorAll("textarea[data-max-length]"), characterCounter
    );
    if (form) rememberedDetails(form);
    readerSpecific(form);
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
