/* cchc: search over the portal's Pagefind index (site/pagefind/, cchc/search.py), in the search
 * box of every page (cchc/_search_box.html: results in a panel under the box) and on the search
 * page /tim-kiem/ (cchc/search.html: every result, the query in the address).
 *
 * The index is loaded on first use only, from a URL relative to the page, so the portal searches
 * the same under a sub-path (/cchc/) and from the built folder over http://127.0.0.1. Keyboard:
 * "/" focuses the box; arrows move between the box and the results; Escape closes the panel and
 * gives the focus back to the box; Tab past the results closes it too; Enter opens the search
 * page with every result (the form's own submission: it works without this script).
 *
 * Searching runs in module workers (cchc-search-worker.js), each an engine over some of the
 * index's shards (cchc-search-engine.js), as many as the device has cores (at most 4): a large
 * portal's shards are searched in parallel, off the page's thread, and a query typed past is
 * given up between two shards. So every keystroke searches at once, except while the last word
 * has only one or two letters or may still grow into a common word (see `searchable`,
 * `pauseBefore`). Where module workers are missing, one engine runs in the page over
 * Pagefind's merged index.
 *
 * Vietnamese: queries are NFC, and "đ" is written "d" + U+0335 like the index (cchc/search.py),
 * so "dien bien", "Điện Biên", "ĐIỆN BIÊN" and an NFD "Điện Biên" find the same pages, exact
 * diacritics ranking first. A query that looks like a document number ("107/KH-UBND",
 * "107 kh ubnd") also searches the number as one word ("sohieu107khubnd", the documents' meta
 * `number_key`), and those documents come first. The order of result kinds comes with the index
 * file ("kinds": cchc.vocab.SEARCH_KINDS).
 */
(function () {
  "use strict";

  var pageRoot = document.querySelector("[data-cchc-search][data-mode=page]");
  // On the search page its own box searches; the header box there just submits to it.
  var root = pageRoot || document.querySelector("[data-cchc-search]");
  if (!root) return;
  var pageMode = root === pageRoot;
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var panel = root.querySelector(".cchc-search__panel");
  var meta = root.querySelector(".cchc-search__status");
  var list = root.querySelector(".cchc-search__results");
  var more = root.querySelector(".cchc-search__more");
  var filterBox = root.querySelector(".cchc-search__filters");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var bundleUrl = new URL(root.getAttribute("data-pagefind"), document.baseURI);
  var engineUrl = new URL(root.getAttribute("data-engine"), document.baseURI).href;
  var workerUrl = new URL(root.getAttribute("data-worker"), document.baseURI).href;
  var IDLE = "Nhập để bắt đầu tìm kiếm.";

  var INDEX_FILE = "cchc-search.json";  // cchc.search.INDEX_FILE: shards, entries, skip, filters
  var STROKE = "\u0335";
  var PAGE = pageMode ? 20 : 8;  // results rendered at once ("Xem thêm" renders the next ones)
  var WORKERS = 4;      // at most; fewer on a device with fewer cores or an index with fewer shards
  var RANKING = { diacriticSimilarity: 6 };  // exact diacritics well above folded matches
  var kindOrder = [];    // from the index file: cchc.vocab.SEARCH_KINDS

  var loading = null;
  var loadFailed = false;  // no index (the preview): the box says so, not "an error"
  var seq = 0;          // id of the latest search asked for
  var asked = null;     // what it searches (query, number, filters): the same is not asked twice
  var typedAt = 0;
  var common = [];      // the index's words on a tenth of its pages, folded (see pauseBefore)
  var state = { results: [], shown: 0, id: 0 };

  /* -- text ------------------------------------------------------------------------------- */

  function toIndexForm(text) {
    return text.normalize("NFC").replace(/đ/g, "d" + STROKE).replace(/Đ/g, "D" + STROKE);
  }
  function fromIndexForm(text) {
    return (text || "").replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ");
  }
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase();
  }
  /* "107/KH-UBND", "107/kh-ubnd", "107 KH UBND" → "sohieu107khubnd" (cchc.search.number_key);
     null if no number is typed. */
  function numberKey(query) {
    var q = query.normalize("NFC").trim();
    var m = /^\d+[\s/.\-]*\p{L}[\p{L}\d\s/.\-]*$/u.test(q) ? [q]
      : q.match(/\d+\s*\/\s*\p{L}[\p{L}\d.\-]*/u);
    if (!m) return null;
    var key = fold(m[0]).replace(/[^a-z0-9]/g, "");
    return /\d/.test(key) && /[a-z]/.test(key) ? "sohieu" + key : null;
  }

  /* -- the engines --------------------------------------------------------------------------- */
  /* A searcher answers search(request) with the merged results, best first, as
     [{w: engine, id, score, data?}] (null if the search was given up for a newer one), and
     data(searchId, entries) with their data, in order. */

  function engineOptions(info) {
    return { bundle: bundleUrl.pathname, shards: info.shards, skip: info.skip || [],
             ranking: RANKING, excerptLength: 24, tag: info.tag || null };
  }

  /* The numbered documents first (best first), then the other results in score order; ties
     keep a fixed order (engine, then shard), so a search lists the same pages the same way. */
  function merged(answers) {
    var numbered = [];
    var hits = [];
    answers.forEach(function (a, w) {
      a.numbered.forEach(function (n) {
        numbered.push({ w: w, id: n[0], score: n[1], data: n[2] });
      });
      a.hits.forEach(function (h) { hits.push({ w: w, id: h[0], score: h[1] }); });
    });
    var byScore = function (a, b) { return b.score - a.score; };
    numbered.sort(byScore);
    hits.sort(byScore);
    var seen = {};
    return numbered.concat(hits).filter(function (r) {
      if (seen[r.id]) return false;
      seen[r.id] = true;
      return true;
    });
  }

  /* A module worker; ask(message) answers with the result of the worker's reply. */
  function startWorker() {
    var url = workerUrl + "?bundle=" + encodeURIComponent(bundleUrl.pathname);
    var worker = new Worker(url, { type: "module" });
    var pending = {};
    var next = 0;
    var failed = null;
    var ask = function (message) {
      return new Promise(function (resolve, reject) {
        if (failed) return reject(failed);
        message.re = ++next;
        pending[message.re] = { resolve: resolve, reject: reject };
        worker.postMessage(message);
      });
    };
    worker.onmessage = function (e) {
      var waiting = pending[e.data.re];
      delete pending[e.data.re];
      if (!waiting) return;
      if ("error" in e.data) waiting.reject(new Error(e.data.error));
      else waiting.resolve(e.data.result);
    };
    // A browser that cannot run module workers fails to load the script (maybe before it is
    // asked anything): every question, asked or to come, fails.
    worker.onerror = function (e) {
      failed = new Error("cchc-search-worker: " + (e.message || "lỗi"));
      Object.keys(pending).forEach(function (re) { pending[re].reject(failed); });
      pending = {};
    };
    return { worker: worker, ask: ask };
  }

  /* Module workers, as many as the device has cores (at most WORKERS), started at once: they
     load while the index file downloads. */
  function startWorkers() {
    var n = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, WORKERS));
    var workers = [];
    for (var k = 0; k < n; k++) workers.push(startWorker());
    return workers;
  }

  /* The started workers, the shards dealt out between them (no more workers than shards). */
  function openPool(started, info) {
    var n = Math.min(started.length, info.shards.length);
    started.slice(n).forEach(function (w) { w.worker.terminate(); });
    var workers = started.slice(0, n);
    var opened = workers.map(function (w, k) {
      var mine = function (s, i) { return i % n === k; };
      var options = engineOptions(info);
      options.shards = info.shards.filter(mine);
      options.entries = (info.entries || []).filter(mine);
      options.separate = true;
      return w.ask({ type: "open", options: options });
    });
    var closeAll = function (err) {
      workers.forEach(function (w) { w.worker.terminate(); });
      throw err;
    };
    return Promise.all(opened).then(function () {
      return {
        search: function (request) {
          return Promise.all(workers.map(function (w) {
            return w.ask({ type: "search", request: request });
          })).then(function (answers) {
            return answers.some(function (a) { return !a; }) ? null : merged(answers);
          });
        },
        data: function (searchId, entries) {
          return Promise.all(workers.map(function (w, k) {
            var mine = entries.filter(function (r) { return r.w === k; });
            if (!mine.length) return {};
            return w.ask({ type: "data", searchId: searchId,
                           ids: mine.map(function (r) { return r.id; }) })
              .then(function (data) {
                var byId = {};
                mine.forEach(function (r, i) { byId[r.id] = data[i]; });
                return byId;
              });
          })).then(function (maps) {
            return entries.map(function (r) { return maps[r.w][r.id] || null; });
          });
        },
      };
    }, closeAll);
  }

  /* One engine in the page, where module workers are missing (it gives a search up when the
     reader has typed on). */
  function openInPage(info) {
    return import(engineUrl).then(function (mod) {
      var options = engineOptions(info);
      options.separate = false;
      return mod.Engine.open(options);
    }).then(function (engine) {
      return {
        search: function (request) {
          return engine.search(request, function () { return request.id !== seq; })
            .then(function (a) { return a && merged([a]); });
        },
        data: function (searchId, entries) {
          return engine.data(searchId, entries.map(function (r) { return r.id; }));
        },
      };
    });
  }

  function load() {
    if (!loading) {
      var started = null;
      try {
        if (typeof Worker !== "undefined") started = startWorkers();
      } catch (err) {  // a browser refusing module workers outright
        if (window.console) console.warn("cchc-search: tìm kiếm chạy trong trang:", err);
      }
      loading = fetch(new URL(INDEX_FILE, bundleUrl)).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " " + r.url);
        return r.json();
      }).then(function (info) {
        kindOrder = info.kinds || [];
        fillFilters(info.filters || {});
        common = info.common || [];
        if (!started) return openInPage(info);
        return openPool(started, info).catch(function (err) {
          if (window.console) console.warn("cchc-search: tìm kiếm chạy trong trang:", err);
          return openInPage(info);
        });
      });
      loading.catch(function () {
        loadFailed = true;
        if (started) started.forEach(function (w) { w.worker.terminate(); });
        meta.textContent = "Chưa có chỉ mục tìm kiếm: tìm kiếm có trên trang tạo bằng " +
          "cchc build (bản xem trước không có).";
      });
    }
    return loading;
  }

  /* The filters' values come with the index (cchc-search.json), not from Pagefind: no shard's
     filter files are downloaded before a filter is chosen. */
  function fillFilters(all) {
    selects.forEach(function (s) {
      var name = s.getAttribute("data-filter");
      var values = (all[name] || []).slice();
      values.sort(name === "year" ? function (a, b) { return b.localeCompare(a); }
        : name === "kind" ? function (a, b) { return rank(a) - rank(b); }
        : function (a, b) { return fromIndexForm(a).localeCompare(fromIndexForm(b), "vi"); });
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = fromIndexForm(v);
        s.appendChild(o);
      });
    });
  }
  function rank(kind) {
    var i = kindOrder.indexOf(fromIndexForm(kind));
    return i < 0 ? kindOrder.length : i;
  }

  function activeFilters() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.getAttribute("data-filter")] = s.value; });
    return filters;
  }

  /* -- searching --------------------------------------------------------------------------- */

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  /* What is worth searching while the reader types: a last word of one letter ("cải c")
     matches half the dictionary, slow and heavy to download on a large portal, so it waits
     for the next letter (digits are words: "Phường 1"). */
  function searchable(query) {
    var words = query.split(/\s+/).filter(Boolean);
    while (words.length && /^\p{L}\p{M}*$/u.test(words[words.length - 1])) words.pop();
    return words.join(" ");
  }

  /* A last word of two letters ("cải cá") still matches every word it begins (các, cách, cán,
     cao…): on a large portal, one shard's search then takes several times as long, and a
     newer query waits for it. So does a last word that begins a longer common word ("cải các"
     on the way to "cải cách": the index file lists the words on a tenth of the pages): its
     search is as slow as theirs, and soon stale. Such a query is searched only once the
     reader pauses: for half as long again as they take between two keys. */
  var pace = { at: 0, gap: 200 };  // the last keystroke, and the reader's smoothed gap (ms)
  function keystroke(now) {
    if (pace.at && now - pace.at < 1000) pace.gap = 0.7 * pace.gap + 0.3 * (now - pace.at);
    pace.at = now;
  }
  function pauseBefore(query) {
    var last = fold(query.slice(query.lastIndexOf(" ") + 1));
    var growing = /^\p{L}{2}$/u.test(last) || common.some(function (w) {
      return w.length > last.length && w.indexOf(last) === 0;
    });
    return growing ? Math.min(400, Math.max(120, 1.5 * pace.gap)) : 0;
  }

  function run() {
    var raw = input.value;
    if (!raw.trim()) {
      asked = null;
      reset();
      return Promise.resolve();
    }
    var query = searchable(toIndexForm(raw).trim());
    if (!query) return Promise.resolve();
    var filters = activeFilters();
    var key = numberKey(raw);
    var what = JSON.stringify([query, key, filters]);
    if (what === asked) {  // "cải" → "cải ": the same search, already shown or on its way
      if (state.id === seq) done();
      return Promise.resolve();
    }
    asked = what;
    var id = ++seq;
    return load().then(function (searcher) {
      var pause = pauseBefore(query);
      return pause ? sleep(pause).then(function () { return searcher; }) : searcher;
    }).then(function (searcher) {
      if (id !== seq) return null;
      return searcher.search({ id: id, query: query, key: key, filters: filters })
        .then(function (results) {
          if (results && id === seq) return show(id, results, searcher);
        });
    }).catch(function (err) {
      if (window.console) console.error("cchc-search:", err);
      if (id === seq && !loadFailed) meta.textContent = "Tìm kiếm gặp lỗi; hãy tải lại trang.";
    });
  }

  function show(id, results, searcher) {
    state = { results: results, shown: 0, id: id, searcher: searcher };
    filterBox.hidden = false;
    return renderMore(true).then(function () {
      if (id !== seq) return;
      var text = !results.length ? "Không tìm thấy kết quả cho “" + input.value.trim() + "”"
        : results.length === 1 ? "1 kết quả" : results.length + " kết quả";
      meta.textContent = text;
      done();
    });
  }

  function renderMore(replace) {
    var current = state;
    var slice = current.results.slice(current.shown, current.shown + PAGE);
    var missing = slice.filter(function (r) { return !r.data; });
    var fetched = missing.length ? current.searcher.data(current.id, missing) : Promise.resolve([]);
    return fetched.then(function (data) {
      missing.forEach(function (r, i) { r.data = data[i]; });
      if (current !== state || current.id !== seq) return;
      var terms = fold(input.value).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      var items = slice.filter(function (r) { return r.data; }).map(function (r) {
        return item(r.data, terms);
      });
      if (replace) list.replaceChildren.apply(list, items);
      else items.forEach(function (li) { list.appendChild(li); });
      current.shown += slice.length;
      more.hidden = current.shown >= current.results.length;
    });
  }

  /* Results shown: the query and filters they answer (tests wait for these), and how long
     after the last keystroke. */
  function done() {
    list.setAttribute("data-query", input.value);
    list.setAttribute("data-filters", JSON.stringify(activeFilters()));
    root.setAttribute("data-ms", String(Math.round(performance.now() - typedAt)));
  }

  function reset() {
    seq++;
    state = { results: [], shown: 0, id: 0 };
    list.replaceChildren();
    list.removeAttribute("data-query");
    list.removeAttribute("data-filters");
    more.hidden = true;
    filterBox.hidden = true;
    meta.textContent = IDLE;
  }

  /* -- rendering (DOM nodes only: titles and excerpts are text, <mark> the only markup) ---- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function highlighted(tag, cls, text, terms) {
    var e = el(tag, cls);
    text.split(/(\s+)/).forEach(function (word) {
      var f = fold(word).replace(/[^\p{L}\p{N}]/gu, "");
      var hit = f && terms.some(function (t) { return f.indexOf(t) === 0; });
      e.appendChild(hit ? el("mark", null, word) : document.createTextNode(word));
    });
    return e;
  }

  var decoder = document.createElement("textarea");
  function excerpt(html) {
    var p = el("p", "cchc-result__excerpt");
    fromIndexForm(html).split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        decoder.innerHTML = part;  // entities only: a detached <textarea> makes no elements
        var text = decoder.value;
        p.appendChild(marked ? el("mark", null, text) : document.createTextNode(text));
      }
      return marked;
    }, false);
    return p;
  }

  function item(d, terms) {
    var m = d.meta || {};
    var li = el("li", "cchc-result");
    var a = highlighted("a", "cchc-result__link", fromIndexForm(m.title || d.url), terms);
    a.href = d.url;
    li.appendChild(a);
    var info = el("p", "cchc-result__info");
    if (m.kind) info.appendChild(el("span", "cchc-badge", fromIndexForm(m.kind)));
    [m.number, m.agency, m.date].forEach(function (v) {
      if (v) info.appendChild(el("span", null, fromIndexForm(v)));
    });
    li.appendChild(info);
    if (d.excerpt) li.appendChild(excerpt(d.excerpt));
    return li;
  }

  /* -- opening, closing, keyboard ------------------------------------------------------------ */

  function isOpen() { return pageMode || !panel.hidden; }
  function open() {
    if (!pageMode) panel.hidden = false;
    load();
  }
  function close(refocus) {
    if (pageMode) return;
    panel.hidden = true;
    if (refocus) input.focus();
  }
  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".cchc-result__link"));
  }
  function editable(e) {
    return e && (e.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName));
  }

  /* Opening the index takes a few hundred milliseconds on a large portal: it starts at the
     first sign that the reader is heading for the box (the pointer over it or pressed on it),
     not only once the box has the focus. */
  function intent(e) {
    var t = e.target;
    if (t && root.contains(t)) load();
  }
  document.addEventListener("pointerover", intent, { passive: true });
  document.addEventListener("pointerdown", intent, { passive: true });
  // Focus only loads (Escape gives the focus back to the box, which must not reopen the panel);
  // a click in a box that holds a query shows its results again.
  input.addEventListener("focus", load);
  input.addEventListener("click", function () { if (input.value.trim()) open(); });
  input.addEventListener("input", function () {
    typedAt = performance.now();
    keystroke(typedAt);
    if (input.value.trim()) open();
    if (pageMode) {
      var q = input.value.trim();
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
    }
    run();
  });
  form.addEventListener("submit", function (e) {
    if (pageMode) e.preventDefault();  // already shown here; the header box opens this page
  });
  selects.forEach(function (s) {
    s.addEventListener("change", function () { typedAt = performance.now(); run(); });
  });
  more.addEventListener("click", function () { renderMore(false); });
  // Focus leaving the search (Tab past the last result, a click elsewhere) closes the panel:
  // nothing behind it can take the focus while it is open.
  root.addEventListener("focusout", function (e) {
    if (!e.relatedTarget || !root.contains(e.relatedTarget)) close(false);
  });
  document.addEventListener("pointerdown", function (e) {
    if (isOpen() && !root.contains(e.target)) close(false);
  });

  window.addEventListener("keydown", function (e) {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    var active = document.activeElement;
    if (e.key === "/" && !editable(active)) {
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (!root.contains(active)) return;
    switch (e.key) {
      case "Escape":
        if (!pageMode && isOpen()) {
          e.preventDefault();
          close(true);
        }
        break;
      case "ArrowDown":
      case "ArrowUp":
        if (active && active.tagName === "SELECT") return;
        if (!isOpen()) return;
        var stops = [input].concat(links());
        var i = stops.indexOf(active);
        var next = (Math.max(i, 0) + stops.length + (e.key === "ArrowUp" ? -1 : 1)) % stops.length;
        stops[next].focus();
        e.preventDefault();
        break;
    }
  }, true);

  if (pageMode) {
    meta.textContent = IDLE;
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) {
      input.value = initial;
      typedAt = performance.now();
      run();
    }
  }
})();
