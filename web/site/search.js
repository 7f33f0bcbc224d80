// Text search and filters in the browser, from the static index (data/lists/all/*.json). No server.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var out = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!form || !out || !window.fetch) { return; }
  // The search index is shared at the site root (data-root); result links stay in the page's language folder.
  var root = form.getAttribute("data-root") || "";
  var t = JSON.parse(form.getAttribute("data-text") || "{}");
  var entries = null;
  // Dates as the page's language writes them ("25 January 2021", "25 janvier 2021", "25 de enero de 2021"), like the pages.
  var lang = document.documentElement.lang || "en";
  var dateFormat = window.Intl ? new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : null;
  function day(iso) {
    var d = new Date(iso + "T00:00:00Z");
    return dateFormat && !isNaN(d) ? dateFormat.format(d) : iso;
  }
  function load() {
    if (entries) { return Promise.resolve(entries); }
    return fetch(root + "data/lists/all/meta.json").then(function (r) { return r.ok ? r.json() : { count: 0, chunks: 0 }; })
      .then(function (meta) {
        var parts = [];
        for (var i = 0; i < meta.chunks; i++) { parts.push(fetch(root + "data/lists/all/" + i + ".json").then(function (r) { return r.json(); })); }
        return Promise.all(parts);
      })
      .then(function (chunks) { entries = [].concat.apply([], chunks).reverse(); return entries; });
  }
  function text(el, value) { el.textContent = value; return el; }
  function run() {
    var q = (form.q.value || "").toLowerCase().split(/\s+/).filter(Boolean);
    var f = { addressee: form.addressee.value, mandate: form.mandate.value, year: form.year.value, type: form.type.value, reply: form.reply.value };
    text(status, t.searching);
    load().then(function (all) {
      var hits = all.filter(function (e) {
        if (f.addressee && e.addresseeId !== f.addressee) { return false; }
        if (f.mandate && e.mandates.indexOf(f.mandate) < 0) { return false; }
        if (f.year && String(e.year) !== f.year) { return false; }
        if (f.type && e.type !== f.type) { return false; }
        if (f.reply === "received" && e.replyStatus === "none") { return false; }
        if (f.reply === "none" && e.replyStatus !== "none") { return false; }
        var hay = (e.reference + " " + e.subject + " " + e.summary + " " + e.addresseeName + " " + e.mandates.join(" ")).toLowerCase();
        return q.every(function (w) { return hay.indexOf(w) >= 0; });
      });
      out.textContent = "";
      hits.slice(0, 200).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "c/" + e.slug + "/";
        text(a, e.reference + " — " + e.subject);
        li.appendChild(a);
        li.appendChild(text(document.createElement("p"), e.addresseeName + " · " + t.sent + " " + day(e.sentOn) + " · " + (t.status[e.replyStatus] || e.replyStatus)));
        out.appendChild(li);
      });
      text(status, (hits.length === 1 ? t.one : t.many.replace("{0}", hits.length)) + (hits.length > 200 ? " " + t.first : ""));
    }).catch(function () { text(status, t.failed); });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  var params = new URLSearchParams(window.location.search);
  ["q", "addressee", "mandate", "year", "type", "reply"].forEach(function (k) { if (params.get(k)) { form[k].value = params.get(k); } });
  if (window.location.search) { run(); }
})();
