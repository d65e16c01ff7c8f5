/* cchc: the header search box (partials/search.html) driven by Pagefind's JS API.
 *
 * Pagefind's bundle (site/pagefind/) is loaded on first use only, from a URL relative to the
 * page, so the portal searches the same under a sub-path (/cchc/) and from the built folder over
 * http://127.0.0.1. Keyboard as in Material: "/", "s" or "f" focuses the box, arrows move
 * through the results, Enter opens the first one, Escape closes.
 *
 * Vietnamese: queries are NFC, and "đ" is written "d" + U+0335 like the index (cchc/search.py),
 * so "dien bien", "Điện Biên", "ĐIỆN BIÊN" and an NFD "Điện Biên" find the same pages, exact
 * diacritics ranking first. A query that looks like a document number ("107/KH-UBND",
 * "107 kh ubnd") also searches the number as one word ("sohieu107khubnd", the documents' meta
 * `number_key`), and those documents come first.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-cchc-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=query]");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector(".cchc-search__more");
  var filterBox = root.querySelector(".cchc-search__filters");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var bundleUrl = new URL(root.getAttribute("data-pagefind"), document.baseURI).href;

  var STROKE = "\u0335";
  var PAGE = 10;        // results rendered at once ("Xem thêm" renders the next ones)
  var DEBOUNCE = 60;    // ms after the last keystroke before searching
  var RANKING = { diacriticSimilarity: 6 };  // exact diacritics well above folded matches
  var KIND_ORDER = ["Tin bài", "Kế hoạch", "Báo cáo", "Quyết định", "Công văn", "Thông báo",
                    "Chương trình", "Đề án", "Văn bản khác", "Cơ quan", "Trang"];

  var loading = null;
  var seq = 0;
  var typedAt = 0;
  var state = { results: [], shown: 0, query: "" };

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

  /* -- Pagefind ------------------------------------------------------------------------------ */

  /* The bundle, its options, and the secondary shards of a large portal (cchc.search:
     SHARDS_FILE lists them; Pagefind searches them all and merges the results; "skip" holds
     the id of the shards' dictionary page, never a result). */
  var skip = {};
  function load() {
    if (!loading) {
      loading = import(bundleUrl).then(function (pf) {
        var shards = fetch(new URL("cchc-shards.json", bundleUrl)).then(function (r) {
          return r.ok ? r.json() : { merge: [] };
        }).catch(function () { return { merge: [] }; });
        return pf.options({ ranking: RANKING, excerptLength: 24 }).then(function () {
          pf.init();
          return shards;
        }).then(function (info) {
          (info.skip || []).forEach(function (id) { skip[id] = true; });
          return Promise.all((info.merge || []).map(function (path) {
            return pf.mergeIndex(new URL(path, bundleUrl).pathname, { ranking: RANKING });
          }));
        }).then(function () { return pf; });
      });
      loading.catch(function () {
        meta.textContent = "Chưa có chỉ mục tìm kiếm: tìm kiếm có trên trang tạo bằng " +
          "cchc build (bản xem trước không có).";
      });
    }
    return loading;
  }

  function activeFilters() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.getAttribute("data-filter")] = s.value; });
    return filters;
  }

  var filtersLoaded = false;
  function loadFilters(pf) {
    if (filtersLoaded) return;
    filtersLoaded = true;
    pf.filters().then(function (all) {
      selects.forEach(function (s) {
        var name = s.getAttribute("data-filter");
        var values = Object.keys(all[name] || {});
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
      filterBox.hidden = !state.query;
    });
  }
  function rank(kind) {
    var i = KIND_ORDER.indexOf(fromIndexForm(kind));
    return i < 0 ? KIND_ORDER.length : i;
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

  /* One search at a time: Pagefind's worker runs them in turn, so a search per keystroke
     would queue up; while one runs, only the latest query waits (`pending`). */
  var busy = false;
  var pending = false;

  function run(immediate) {
    var id = ++seq;
    var raw = input.value;
    var query = searchable(toIndexForm(raw).trim());
    if (!raw.trim()) {
      reset();
      return Promise.resolve();
    }
    if (!query) return Promise.resolve();
    var filters = activeFilters();
    var key = numberKey(raw);
    return load().then(function (pf) {
      if (id !== seq) return null;
      return (immediate ? Promise.resolve() : sleep(DEBOUNCE)).then(function () {
        if (id !== seq) return null;
        if (busy) { pending = true; return null; }
        busy = true;
        return Promise.all([
          pf.search(query, { filters: filters }),
          key ? pf.search(key, { filters: filters }) : null,
        ]).then(function (found) {
          return numbered(found[1], key).then(function (docs) {
            if (id !== seq) return null;
            return show(raw, merge(found[0], docs), id, filters);
          }).then(function () { loadFilters(pf); });  // after the results: not in their way
        }).finally(function () {
          busy = false;
          if (pending) { pending = false; run(true); }
        });
      });
    }).catch(function (err) {
      if (window.console) console.error("cchc-search:", err);
    });
  }

  /* The documents whose number is `key`. Pagefind answers a word it does not know with words
     that start like it ("sohieu9…" → "sở"), so only pages whose meta says so count. */
  function numbered(res, key) {
    if (!res) return Promise.resolve([]);
    var top = res.results.filter(function (r) { return !skip[r.id]; }).slice(0, 5);
    return Promise.all(top.map(function (r) { return r.data(); })).then(function (data) {
      return top.filter(function (r, i) {
        return ((data[i].meta || {}).number_key || "").indexOf(key) === 0;
      });
    });
  }

  /* The number's documents first, then the rest in Pagefind's order. */
  function merge(main, numberedResults) {
    var seen = {};
    var out = [];
    [numberedResults, main.results].forEach(function (results) {
      results.forEach(function (r) {
        if (!seen[r.id] && !skip[r.id]) { seen[r.id] = true; out.push(r); }
      });
    });
    return out;
  }

  function show(raw, results, id, filters) {
    state = { results: results, shown: 0, query: raw };
    filterBox.hidden = !filtersLoaded;
    var text = !results.length ? "Không tìm thấy kết quả cho “" + raw.trim() + "”"
      : results.length === 1 ? "1 kết quả" : results.length + " kết quả";
    return renderMore(id, true).then(function () {
      if (id !== seq) return;
      meta.textContent = text;
      done(raw, filters);
    });
  }

  function renderMore(id, replace) {
    var slice = state.results.slice(state.shown, state.shown + PAGE);
    var terms = fold(state.query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
      if (id !== seq) return;
      var items = data.map(function (d) { return item(d, terms); });
      if (replace) list.replaceChildren.apply(list, items);
      else items.forEach(function (li) { list.appendChild(li); });
      state.shown += slice.length;
      more.hidden = state.shown >= state.results.length;
    });
  }

  /* Results shown: the query and filters they answer (tests wait for these), and how long
     after the last keystroke. */
  function done(raw, filters) {
    list.setAttribute("data-query", raw);
    list.setAttribute("data-filters", JSON.stringify(filters));
    root.setAttribute("data-ms", String(Math.round(performance.now() - typedAt)));
  }

  function reset() {
    seq++;
    state = { results: [], shown: 0, query: "" };
    list.replaceChildren();
    list.removeAttribute("data-query");
    list.removeAttribute("data-filters");
    more.hidden = true;
    filterBox.hidden = true;
    meta.textContent = "Nhập để bắt đầu tìm kiếm";
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
    var p = el("p", "md-search-result__teaser");
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
    var li = el("li", "md-search-result__item");
    var a = el("a", "md-search-result__link");
    a.href = d.url;
    a.tabIndex = -1;
    var article = el("article", "md-search-result__article md-typeset");
    article.appendChild(el("div", "md-search-result__icon md-icon"));
    article.appendChild(highlighted("h1", null, fromIndexForm(m.title || d.url), terms));
    var info = el("p", "cchc-search__info");
    if (m.kind) info.appendChild(el("span", "cchc-badge", fromIndexForm(m.kind)));
    [m.number, m.agency, m.date].forEach(function (v) {
      if (v) info.appendChild(el("span", null, fromIndexForm(v)));
    });
    article.appendChild(info);
    if (d.excerpt) article.appendChild(excerpt(d.excerpt));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  /* -- opening, closing, keyboard ------------------------------------------------------------ */

  function open() {
    if (!toggle.checked) toggle.checked = true;
    load();
  }
  function close() {
    toggle.checked = false;
    if (root.contains(document.activeElement)) document.activeElement.blur();
  }
  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }
  function editable(e) {
    return e && (e.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    typedAt = performance.now();
    run(false);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { load(); input.focus(); } else if (root.contains(document.activeElement)) {
      document.activeElement.blur();
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { reset(); input.focus(); }, 0);
  });
  selects.forEach(function (s) {
    s.addEventListener("change", function () { typedAt = performance.now(); run(true); });
  });
  more.addEventListener("click", function () { renderMore(seq, false); });
  list.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) toggle.checked = false;
  });

  window.addEventListener("keydown", function (e) {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if ((e.key === "/" || e.key === "s" || e.key === "f") && !editable(active)) {
        e.preventDefault();
        open();
        input.focus();
        input.select();
      }
      return;
    }
    switch (e.key) {
      case "Escape":
        e.preventDefault();
        close();
        break;
      case "Enter":
        if (active === input) {
          e.preventDefault();
          var first = links()[0];
          if (first) first.click();
        }
        break;
      case "ArrowDown":
      case "ArrowUp":
        if (active && active.tagName === "SELECT") return;
        var stops = [input].concat(links());
        var i = stops.indexOf(active);
        var next = (Math.max(i, 0) + stops.length + (e.key === "ArrowUp" ? -1 : 1)) % stops.length;
        stops[next].focus();
        e.preventDefault();
        break;
      default:
        if (e.key.length === 1 && !editable(active)) input.focus();
    }
  }, true);
})();
