/* Document listing filter: kind, agency, year — in the browser, from van-ban/filter.json, shown
   as the same table as the static list (a card per row on phones). The static, paginated list
   stays for readers without JavaScript; the choice is kept in the address (?kind=…&year=…). */
(function () {
  "use strict";
  var form = document.querySelector("form.cchc-filter");
  if (!form) return;
  var results = document.querySelector(".cchc-filter__results");
  var staticList = document.querySelector(".cchc-filter__static");
  var status = document.querySelector(".cchc-filter__status");
  var nojs = document.querySelector(".cchc-filter__nojs");
  var indexUrl = new URL(form.getAttribute("data-index"), document.baseURI);
  var root = new URL(form.getAttribute("data-root"), document.baseURI);
  var HEADERS = ["Số ký hiệu", "Ngày ban hành", "Trích yếu", "Cơ quan ban hành", "Tải về"];
  var data = null;
  form.hidden = false;
  if (nojs) nojs.hidden = true;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function cell(label, child) {
    var td = el("td");
    td.setAttribute("data-label", label);
    if (typeof child === "string") td.textContent = child; else td.appendChild(child);
    return td;
  }

  function table(rows) {
    var t = el("table", "cchc-table cchc-table--cards cchc-docs");
    var head = el("thead");
    var hr = el("tr");
    HEADERS.forEach(function (h) {
      var th = el("th", null, h);
      th.scope = "col";
      hr.appendChild(th);
    });
    head.appendChild(hr);
    t.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (d) {
      var tr = el("tr");
      tr.appendChild(cell(HEADERS[0], d[2] || "Chưa có số"));
      tr.appendChild(cell(HEADERS[1], d[6] || "Năm " + d[5]));
      var title = el("span");
      title.appendChild(el("span", "cchc-badge", data.kinds[d[3]]));
      title.appendChild(document.createTextNode(" "));
      var a = el("a", null, d[1]);
      a.href = new URL(d[0], root).href;
      title.appendChild(a);
      if (d[8] && d[8].length) {  // legal status, when not simply in force
        title.appendChild(document.createTextNode(" "));
        title.appendChild(el("span", "cchc-status cchc-status--" + d[8][0], d[8][1]));
      }
      var td = cell(HEADERS[2], title);
      td.className = "cchc-docs__title";
      tr.appendChild(td);
      tr.appendChild(cell(HEADERS[3], data.agencies[d[4]] || d[4]));
      var files = el("span");
      (d[7] || []).forEach(function (f) {
        var link = el("a", "cchc-download cchc-download--compact");
        link.href = new URL(f[0], root).href;
        link.setAttribute("download", "");
        link.appendChild(el("span", "cchc-download__name", f[1]));
        link.appendChild(el("span", "cchc-download__meta", f[2] + " KB"));
        files.appendChild(link);
      });
      tr.appendChild(cell(HEADERS[4], (d[7] || []).length ? files : "—"));
      body.appendChild(tr);
    });
    t.appendChild(body);
    var wrap = el("div", "cchc-table-wrap");
    wrap.appendChild(t);
    return wrap;
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
    results.replaceChildren(rows.length ? table(rows) : el("p", "cchc-empty",
      "Không có văn bản phù hợp."));
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
