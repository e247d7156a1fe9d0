/* Every audience page works without this file (audience/follow.py, watch.py).
   Posts go by fetch with X-Audience-Follow; the page they lead to comes back in the
   same answer and is swapped in. Server away: the page stays, says so, and resends.
   A waiting page (body[data-changes]) long-polls; the part it holds (template#held) is
   shown with no request once open, else the page is fetched again. */
(function () {
  "use strict";
  var pause = 1000, sending = null;
  function focusHeading() {
    var heading = document.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }
  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    document.title = next.title;
    document.documentElement.lang = next.documentElement.lang;
    document.body.replaceWith(next.body);
    focusHeading();
    watch();
  }
  function later(again) {
    pause = Math.min(pause * 2, 30000);
    setTimeout(again, pause);
  }
  function reload() {
    fetch(location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status >= 500) throw new Error(String(r.status));
        if (r.redirected) history.replaceState(null, "", r.url);
        return r.text();
      })
      .then(function (html) { pause = 1000; swap(html); })
      .catch(function () { later(reload); });
  }
  function say(form, shown) {
    var note = document.getElementById("reconnecting");
    if (!shown) { if (note) note.remove(); return; }
    if (!note) {
      note = document.createElement("p");
      note.id = "reconnecting";
      note.className = "warning";
      note.setAttribute("role", "status");
      note.textContent = document.body.getAttribute("data-reconnecting") || "";
      form.before(note);
    }
  }
  function send(form, body) {
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin", cache: "no-store",
      headers: { "X-Audience-Follow": "1" }
    })
      .then(function (r) {
        if (r.status >= 500) throw new Error(String(r.status)); // keep the form, resend
        var at = r.redirected ? r.url : r.headers.get("Content-Location");
        return r.text().then(function (html) {
          sending = null; pause = 1000;
          if (at) history.pushState(null, "", at);
          swap(html);
        });
      })
      .catch(function () {
        say(form, true);
        later(function () { send(form, body); });
      });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, button = event.submitter;
    if (form.method !== "post" || button === undefined) return; // old browser: a plain post
    event.preventDefault();
    if (sending === form) return; // a second press while the first is on its way
    sending = form;
    var body = new URLSearchParams(new FormData(form));
    if (button && button.name) body.append(button.name, button.value);
    send(form, body);
  });
  // Back and Forward over swapped pages: the page of the address now shown.
  window.addEventListener("popstate", function () { pause = 1000; reload(); });
  // State "OPEN_PARTS-ACCEPTING-REVEALED" (watch.py): held part N opens at N, 1.
  function opens(state, held) {
    var at = state.split("-");
    return Number(at[0]) >= Number(held.getAttribute("data-part")) && at[1] === "1";
  }
  function show(held) {
    document.title = held.getAttribute("data-title");
    document.body.removeAttribute("data-changes");
    document.body.setAttribute("data-page", "part");
    document.getElementById("main").replaceChildren(held.content.cloneNode(true));
    focusHeading();
  }
  function watch() {
    var body = document.body, url = body.getAttribute("data-changes");
    if (!url) return;
    var seen = body.getAttribute("data-seen") || "";
    fetch(url + "?seen=" + encodeURIComponent(seen), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (body !== document.body) return; // the page moved on meanwhile
        if (r.status === 200) {
          pause = 1000;
          return r.text().then(function (state) {
            var held = document.getElementById("held");
            if (held && opens(state, held)) show(held); else reload();
          });
        }
        if (r.status === 204) {
          pause = 1000;
          // data-recheck: the page needs more than the state (enough people finished).
          if (body.hasAttribute("data-recheck")) reload(); else watch();
          return;
        }
        throw new Error(String(r.status));
      })
      .catch(function () { if (body === document.body) later(watch); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
