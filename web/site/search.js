// Full-text search and filters in the browser, from the static index (data/search/, docs/publication.md). No server.
(function () {
  "use strict";

  // ---------- the normaliser: SearchTerms.cs rule for rule (both checked against tests/TestData/search-terms.json) ----------
  var MAX_LENGTH = 40;
  var STOP = {};
  ("the of and to in an is are was were be been that this these those it its for on by with as at or from which not has have had " +
    "would should may will shall their they them there who whom what such also any all into other " +
    "le la les de des du un une et en au aux est sont ce cette ces qui que dans pour sur par pas ne plus il elle ils elles leur leurs " +
    "avec ete etre ou comme dont mais sans lors " +
    "el los las del y que por con para una es se su sus lo como mas pero sobre este esta estos estas entre ha han fue sido ser tambien")
    .split(" ").forEach(function (w) { STOP[w] = true; });
  var SPELLED = { "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0111": "d", "\u0142": "l", "\u0131": "i" };
  var WORD = /[\p{L}\p{Nd}\p{Mn}]/u, MARK = /\p{Mn}/u, DIGIT = /\p{Nd}/u, NON_ASCII = /[^\x00-\x7f]/;

  // One UTF-16 unit at a time, as .NET's char tests see it (a lone surrogate is no letter).
  function isWordUnit(c) {
    var n = c.charCodeAt(0);
    if (n < 128) { return (n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122); }
    return WORD.test(c);
  }
  function fold(word) {
    if (!NON_ASCII.test(word)) { return word.toLowerCase(); }
    var d = word.normalize("NFKD"), out = "";
    for (var i = 0; i < d.length; i++) {
      var c = d[i];
      if (!isWordUnit(c) || MARK.test(c)) { continue; }
      c = c.toLowerCase();
      out += SPELLED[c] || c;
    }
    return out.length > MAX_LENGTH ? "" : out;
  }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function stem(w) {
    if (w.length > 4 && ends(w, "ies")) { w = w.slice(0, -3) + "y"; }
    else if (w.length > 4 && ends(w, "aux")) { w = w.slice(0, -3) + "al"; }
    else if (w.length > 3 && ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) { w = w.slice(0, -1); }
    if (w.length > 6 && ends(w, "ing")) { w = w.slice(0, -3); }
    else if (w.length > 5 && ends(w, "ed")) { w = w.slice(0, -2); }
    while (w.length > 4 && ends(w, "e")) { w = w.slice(0, -1); }
    return w;
  }
  function reduce(w) {
    var digit = false;
    for (var i = 0; i < w.length; i++) {
      var n = w.charCodeAt(i);
      digit = digit || (n >= 48 && n <= 57) || (n >= 128 && DIGIT.test(w[i]));
    }
    if ((w.length === 1 && !digit) || Object.prototype.hasOwnProperty.call(STOP, w)) { return null; }
    return digit ? w : stem(w);
  }
  // Every word of the text with where it is and its term (null: a function word or a single letter).
  function tokens(text) {
    var out = [], start = -1;
    for (var i = 0; i <= text.length; i++) {
      if (i < text.length && isWordUnit(text[i])) { if (start < 0) { start = i; } continue; }
      if (start < 0) { continue; }
      var term = null;
      if (i - start <= MAX_LENGTH) {
        var folded = fold(text.slice(start, i));
        term = folded ? reduce(folded) : null;
      }
      out.push({ start: start, end: i, term: term });
      start = -1;
    }
    return out;
  }
  function terms(text) { return tokens(text).map(function (t) { return t.term; }).filter(Boolean); }
  // FNV-1a (32 bits) of the UTF-8 bytes, as SearchIndex.BucketOf.
  function bucketOf(term, buckets) {
    var bytes = new TextEncoder().encode(term), hash = 2166136261;
    for (var i = 0; i < bytes.length; i++) { hash = Math.imul(hash ^ bytes[i], 16777619) >>> 0; }
    return hash % buckets;
  }
  // Where a text sits on the communication page (the ids the page gives its text, docs/publication.md "Anchors"):
  // text-letter, text-reply-{r}-file-{f} (r 1-based in record.replies, placeholders counted; f 0-based), block b after "-".
  function textAnchor(place, block) {
    if (!place) { return ""; }
    var region = place.reply === undefined ? "text-letter" : "text-reply-" + (place.reply + 1) + "-file-" + place.file;
    return "#" + region + (block === undefined ? "" : "-" + block);
  }
  window.SiteSearch = { terms: terms, bucketOf: bucketOf, textAnchor: textAnchor };

  // ---------- the search page ----------
  var form = document.getElementById("search-form");
  var out = document.getElementById("results");
  var status = document.getElementById("search-status");
  var moreButton = document.getElementById("search-more");
  if (!form || !out || !window.fetch) { return; }
  // The index is shared at the site root (data-root); result links stay in the page's language folder.
  var root = form.getAttribute("data-root") || "";
  var t = JSON.parse(form.getAttribute("data-text") || "{}");
  var PAGE = 10;
  var lang = document.documentElement.lang || "en";
  var dateFormat = window.Intl ? new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : null;
  function day(iso) {
    var d = new Date(iso + "T00:00:00Z");
    return dateFormat && !isNaN(d) ? dateFormat.format(d) : iso;
  }
  var cache = {};
  function json(path, fallback) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (r.status === 404) { return fallback; }
        if (!r.ok) { throw new Error(path + ": " + r.status); }
        return r.json();
      }).catch(function (error) {
        delete cache[path]; // a later search asks again
        throw error;
      });
    }
    return cache[path];
  }
  var NO_INDEX = { buckets: 1, segments: 0, segmentSize: 1, docsChunkSize: 1 }, NO_LIST = { count: 0 };
  function text(el, value) { el.textContent = value; return el; }

  // Positions of the communications that hold every key (words and facets alike are postings), one segment at a
  // time from the newest, two segments in flight: the first page shows as soon as its positions are known, and the
  // records it needs are not queued behind the oldest segments' files (a browser opens 6 connections to a host).
  // While a page of results loads (busy()), no further segment is asked for: the records came after the next
  // segments' files on those 6 connections, and the first result waited for them (150-250 ms in Chromium here).
  function lookup(index, keys, onHits, busy) {
    var next = index.segments - 1, pending = [];
    function fetchSegment(segment) {
      // The newest segment has fewer buckets while it fills, in a folder named by their count (ADR 0308).
      var of = segment === index.segments - 1 && index.lastSegmentBuckets ? index.lastSegmentBuckets : index.buckets;
      var folder = "data/search/" + segment + "/" + (of === index.buckets ? "" : of + "/");
      return Promise.all(keys.map(function (key) {
        return json(folder + bucketOf(key, of) + ".json", {}).then(function (file) {
          var gaps = file[key] || [], at = 0, positions = [];
          for (var i = 0; i < gaps.length; i++) { at += gaps[i]; positions.push(segment * index.segmentSize + at); }
          return positions;
        });
      }));
    }
    function start() { if (next >= 0) { pending.push(fetchSegment(next--)); } }
    function step() {
      if (!pending.length) { return Promise.resolve(); }
      return pending.shift().then(function (lists) {
        lists.sort(function (x, y) { return x.length - y.length; });
        var sets = lists.slice(1).map(function (list) { var set = {}; list.forEach(function (p) { set[p] = true; }); return set; });
        onHits(lists[0].filter(function (p) { return sets.every(function (set) { return set[p]; }); }).reverse());
        return busy();
      }).then(function () {
        start();
        return step();
      });
    }
    start();
    start();
    return step();
  }

  // The record's texts as the page shows them: the letter, each published reply's files, then subject and summary.
  function places(record) {
    var list = [];
    if (record.letter && record.letter.text) { list.push({ place: {}, label: t.inLetter, blocks: record.letter.text.blocks }); }
    (record.replies || []).forEach(function (reply, r) {
      (reply.files || []).forEach(function (file, f) {
        if (file.text) { list.push({ place: { reply: r, file: f }, label: t.inReply.replace("{0}", r + 1), blocks: file.text.blocks }); }
      });
    });
    list.push({ place: null, label: "", blocks: [{ text: record.subject }, { text: record.summary }] });
    return list;
  }
  function hasPhrase(seq, phrase) {
    for (var i = 0; i + phrase.length <= seq.length; i++) {
      var j = 0;
      while (j < phrase.length && seq[i + j] === phrase[j]) { j++; }
      if (j === phrase.length) { return i; }
    }
    return -1;
  }
  // What a term's word must contain: a term is its folded word with at most a suffix cut and "y" or "al" put in its
  // place (stem), so all but its last two letters begin the word.
  function stemKey(term) { return term.slice(0, Math.max(1, term.length - 2)); }
  // Whether an ASCII block cannot hold any of the words: none of their keys is in its lower-cased text. Reading each
  // block's words (folding, stemming) took tens of milliseconds a record before its first result could show.
  function cannotMatch(text, keys) {
    if (NON_ASCII.test(text)) { return false; }
    var lower = text.toLowerCase();
    for (var i = 0; i < keys.length; i++) { if (lower.indexOf(keys[i]) >= 0) { return false; } }
    return true;
  }
  // The block that holds most of the query's words (every phrase required), or null when a phrase is nowhere.
  function bestBlock(record, query) {
    var best = null, phrasesSeen = query.phrases.map(function () { return false; });
    var keys = query.words.map(stemKey);
    places(record).forEach(function (where) {
      where.blocks.forEach(function (block, b) {
        if (cannotMatch(block.text || "", keys)) { return; }
        var toks = tokens(block.text || ""), kept = toks.filter(function (x) { return x.term; });
        var seq = kept.map(function (x) { return x.term; });
        var score = 0;
        query.words.forEach(function (w) { if (seq.indexOf(w) >= 0) { score++; } });
        query.phrases.forEach(function (p, i) { if (hasPhrase(seq, p) >= 0) { phrasesSeen[i] = true; score += p.length; } });
        if (score > 0 && (!best || score > best.score)) { best = { where: where, block: block, index: b, tokens: toks, score: score }; }
      });
    });
    return phrasesSeen.every(Boolean) ? best || { where: places(record).pop(), block: { text: record.summary }, tokens: tokens(record.summary), score: 0 } : null;
  }
  // About 30 words around the first match, matched words in <mark>: text nodes only, never markup from a document.
  function snippet(best, query) {
    var p = document.createElement("p");
    p.className = "snippet";
    var wanted = {};
    query.words.forEach(function (w) { wanted[w] = true; });
    var toks = best.tokens, first = 0;
    for (var i = 0; i < toks.length; i++) { if (toks[i].term && wanted[toks[i].term]) { first = i; break; } }
    var from = Math.max(0, first - 12), to = Math.min(toks.length - 1, first + 18), source = best.block.text || "";
    if (best.where.label) { p.appendChild(text(document.createElement("span"), best.where.label + ": ")); }
    var start = toks.length ? toks[from].start : 0, end = toks.length ? toks[to].end : source.length;
    if (start > 0) { p.appendChild(document.createTextNode("… ")); }
    var at = start;
    for (var k = from; k <= to && toks.length; k++) {
      if (toks[k].term && wanted[toks[k].term]) {
        p.appendChild(document.createTextNode(source.slice(at, toks[k].start)));
        p.appendChild(text(document.createElement("mark"), source.slice(toks[k].start, toks[k].end)));
        at = toks[k].end;
      }
    }
    p.appendChild(document.createTextNode(source.slice(at, end) + (end < source.length ? " …" : "")));
    return p;
  }
  function render(slug, record, best, query) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = "c/" + slug + "/" + textAnchor(best.where.place, best.index);
    text(a, record.reference + " — " + record.subject);
    li.appendChild(a);
    li.appendChild(text(document.createElement("p"), record.addresseeName + " · " + t.sent + " " + day(record.sentOn) + " · " + (t.status[record.replyStatus] || record.replyStatus)));
    if (query.words.length) { li.appendChild(snippet(best, query)); }
    return li;
  }

  var current = null;
  function parse() {
    var q = form.q.value || "", phrases = [], m, quoted = /"([^"]*)"/g;
    while ((m = quoted.exec(q))) { var p = terms(m[1]); if (p.length > 1) { phrases.push(p); } }
    var words = terms(q.replace(/"/g, " ")).filter(function (w, i, all) { return all.indexOf(w) === i; });
    var facets = [];
    if (form.addressee.value) { facets.push("a:" + form.addressee.value); }
    if (form.mandate.value) { facets.push("m:" + form.mandate.value); }
    if (form.year.value) { facets.push("y:" + form.year.value); }
    if (form.type.value) { facets.push("t:" + form.type.value); }
    if (form.reply.value) { facets.push("r:" + form.reply.value); }
    return { words: words, phrases: phrases, keys: words.concat(facets) };
  }
  function showCount(search) {
    var n = search.query.phrases.length ? search.shown : search.positions.length;
    var done = search.next >= search.positions.length;
    text(status, !done && search.query.phrases.length ? t.soFar.replace("{0}", n) : n === 1 ? t.one : t.many.replace("{0}", n));
    moreButton.hidden = done;
  }
  // Shows results until the page is full or the known positions run out: slugs from the docs chunks, then each record
  // (title, facts, snippet, phrase check), each shown as soon as it and those before it are in.
  function more(search) {
    var batch = search.positions.slice(search.next, search.next + PAGE);
    search.next += batch.length;
    var records = batch.map(function (position) {
      return json("data/search/docs/" + Math.floor(position / search.index.docsChunkSize) + ".json", []).then(function (slugs) {
        var slug = slugs[position % search.index.docsChunkSize];
        return json("c/" + slug + "/record.json", null).then(function (record) { return { slug: slug, record: record }; });
      });
    });
    return records.reduce(function (done, next) {
      return done.then(function () { return next; }).then(function (f) {
        if (search !== current) { return; }
        var best = f.record && bestBlock(f.record, search.query);
        if (best) {
          out.appendChild(render(f.slug, f.record, best, search.query));
          search.shown++;
          if (search.shown === 1 && window.performance && performance.mark) { performance.mark("search-first-result"); }
        }
      });
    }, Promise.resolve()).then(function () {
      // A phrase may rule out a whole batch: keep reading while the page is not full and positions are known.
      if (search === current && search.shown < search.wanted && search.next < search.positions.length) { return more(search); }
    });
  }
  function run() {
    var query = parse();
    out.textContent = "";
    moreButton.hidden = true;
    text(status, t.searching);
    if (window.performance && performance.mark) { performance.mark("search-start"); }
    var search = current = { query: query, shown: 0, next: 0, wanted: PAGE, positions: [] };
    var showing = null;
    function show() { showing = showing || more(search); }
    json("data/search/index.json", NO_INDEX).then(function (index) {
      search.index = index;
      if (query.keys.length) {
        return lookup(index, query.keys, function (hits) {
          search.positions = search.positions.concat(hits);
          if (search.positions.length >= PAGE) { show(); }
        }, function () { return (showing || Promise.resolve()).catch(function () { }); });
      }
      // Nothing asked: everything, newest first (the count from the listing of everything, rewritten at each publication).
      return json("data/lists/all/meta.json", NO_LIST).then(function (meta) {
        for (var p = meta.count - 1; p >= 0; p--) { search.positions.push(p); }
      });
    }).then(function () {
      show();
      return showing;
    }).then(function () {
      if (search.shown < search.wanted && search.next < search.positions.length) { return more(search); }
    }).then(function () {
      if (search === current) { showCount(search); }
    }).catch(function () { if (search === current) { text(status, t.failed); } });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    run();
  });
  moreButton.addEventListener("click", function () {
    var search = current;
    if (!search) { return; }
    search.wanted = search.shown + PAGE;
    text(status, t.searching);
    more(search).then(function () { if (search === current) { showCount(search); } }).catch(function () { text(status, t.failed); });
  });
  // Read as the page opens, before any query (a visitor types for seconds): how to find a term's files, and the
  // slugs of the newest communications, where the first page of results begins (newest first). Each was a round
  // trip between a query and its first result: 10-50 ms each in Chromium on the 2-core machine, often more.
  Promise.all([json("data/search/index.json", NO_INDEX), json("data/lists/all/meta.json", NO_LIST)]).then(function (both) {
    if (both[1].count > 0 && both[0].segments > 0) { return json("data/search/docs/" + Math.floor((both[1].count - 1) / both[0].docsChunkSize) + ".json", []); }
  }).catch(function () { /* the query asks again and says so if it fails */ });
  var params = new URLSearchParams(window.location.search);
  ["q", "addressee", "mandate", "year", "type", "reply"].forEach(function (k) { if (params.get(k)) { form[k].value = params.get(k); } });
  if (window.location.search) { run(); }
})();
