/* A waiting page (body[data-changes]) waits for the room to change with a long poll.
   When the change opens the part the page holds (template#held), that part is shown at
   once, with no request; any other change swaps in the page its address now shows,
   without a reload. No framework; pages work without this file (they reload
   themselves). */
(function () {
  "use strict";
  var pause = 1000;
  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    document.title = next.title;
    document.body.replaceWith(next.body);
    var heading = document.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    watch();
  }
  function reload() {
    fetch(location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        // Server or database away: keep this page, ask again later.
        if (r.status >= 500) throw new Error(String(r.status));
        if (r.redirected) history.replaceState(null, "", r.url);
        return r.text();
      })
      .then(swap)
      .catch(function () {
        pause = Math.min(pause * 2, 30000);
        setTimeout(reload, pause);
      });
  }
  // The room's state is "OPEN_PARTS-ACCEPTING-REVEALED" (audience/watch.py, state_of):
  // held part N is open once at least N parts are open and answers are accepted.
  function opens(state, held) {
    var at = state.split("-");
    return Number(at[0]) >= Number(held.getAttribute("data-part")) && at[1] === "1";
  }
  function show(held) {
    document.title = held.getAttribute("data-title");
    document.body.removeAttribute("data-changes");
    document.body.setAttribute("data-page", "part");
    document.getElementById("main").replaceChildren(held.content.cloneNode(true));
    var heading = document.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }
  function watch() {
    var body = document.body, url = body.getAttribute("data-changes");
    if (!url) return;
    var seen = body.getAttribute("data-seen") || "";
    fetch(url + "?seen=" + encodeURIComponent(seen), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 200) {
          pause = 1000;
          return r.text().then(function (state) {
            var held = document.getElementById("held");
            if (held && opens(state, held)) show(held); else reload();
          });
        }
        if (r.status === 204) {
          pause = 1000;
          // A page that depends on more than the room's state (the room's average needs
          // enough people to finish) is fetched again whenever a wait ends unchanged.
          if (body.hasAttribute("data-recheck")) reload(); else watch();
          return;
        }
        throw new Error(String(r.status));
      })
      .catch(function () {
        pause = Math.min(pause * 2, 30000);
        setTimeout(watch, pause);
      });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
