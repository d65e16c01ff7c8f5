/* Document listing filter: kind, agency, year — in the browser, from van-ban/filter.json.
   The static, paginated list stays for readers without JavaScript. */
(function () {
  "use strict";
  var form = document.querySelector("form.cchc-filter");
  if (!form) return;
  var results = document.querySelector(".cchc-filter__results");
  var staticList = document.querySelector(".cchc-filter__static");
  var status = document.querySelector(".cchc-filter__status");
  var nojs = document.querySelector(".cchc-filter__nojs");
  var indexUrl = new URL(form.dataset.index, document.baseURI);
  var root = new URL("../", indexUrl); // the site root, whatever sub-path it is served from
  var data = null;
  form.hidden = false;
  if (nojs) nojs.hidden = true;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function render() {
    var kind = form.kind.value, agency = form.agency.value, year = form.year.value;
    var params = new URLSearchParams();
    if (kind) params.set("kind", kind);
    if (agency) params.set("agency", agency);
    if (year) params.set("year", year);
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
    if (!query) {
      results.hidden = true; staticList.hidden = false; status.textContent = "";
      return;
    }
    var rows = data.documents.filter(function (d) {
      return (!kind || d[3] === kind) && (!agency || d[4] === agency) &&
             (!year || String(d[5]) === year);
    });
    results.replaceChildren();
    rows.forEach(function (d) {
      var li = el("li", "cchc-item");
      var a = el("a", "cchc-item__title", d[1]);
      a.href = new URL(d[0], root).href;
      li.appendChild(a);
      var meta = el("div", "cchc-item__meta");
      meta.appendChild(el("span", "cchc-badge", data.kinds[d[3]]));
      if (d[2]) meta.appendChild(el("span", "", "Số " + d[2]));
      meta.appendChild(el("span", "", data.agencies[d[4]] || d[4]));
      meta.appendChild(el("span", "", d[6] || "Năm " + d[5]));
      li.appendChild(meta);
      results.appendChild(li);
    });
    status.textContent = rows.length + " văn bản phù hợp.";
    results.hidden = false; staticList.hidden = true;
  }

  function load() {
    if (data) return Promise.resolve(data);
    return fetch(indexUrl).then(function (r) { return r.json(); })
      .then(function (json) { data = json; return data; });
  }

  form.addEventListener("change", function () { load().then(render); });
  var initial = new URLSearchParams(location.search);
  ["kind", "agency", "year"].forEach(function (k) {
    if (initial.get(k)) form[k].value = initial.get(k);
  });
  if (initial.toString()) load().then(render);
})();
