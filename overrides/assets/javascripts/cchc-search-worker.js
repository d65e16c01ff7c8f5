/* cchc: a module worker running one search engine (cchc-search-engine.js) over some of the
 * shards of the index; the page (cchc-search.js) starts a few and merges their answers.
 *
 * Messages in: {re, type: "open", options}, {re, type: "search", request},
 * {re, type: "data", searchId, ids}; each is answered {re, result} or {re, error}. A search
 * given up for a newer one is answered with the result null.
 */
import { Engine } from "./cchc-search-engine.js";

// The page names the bundle in the worker's URL (?bundle=…/pagefind/): Pagefind's script
// starts loading with the worker's own, before the index file has told the page anything.
const named = new URL(self.location.href).searchParams.get("bundle");
if (named) import(named + "pagefind.js").catch(function () {});

/* What Pagefind fetches as it opens a shard, served without waiting on the network where we
   can (the page, cchc-search.js, passes `entries` and `bundle` with "open"):
   - each shard's pagefind-entry.json comes with the index file (cchc-search.json): no round
     trip before the files it names;
   - those files (the shard's pf_meta, the WebAssembly) are fetched as soon as the worker
     opens, all at once;
   - the WebAssembly comes from the main bundle (the shards carry none: it is the same module),
     fetched once. Pagefind instantiates it on each instance's first use, unguarded against two
     doing it at once (the second would replace the memory the first already uses): only the
     first request is answered at once, the others once it is instantiated (`instantiated`). */
const networkFetch = self.fetch.bind(self);
const WASM = /\/wasm\.[\w-]+\.pagefind$/;
// gzip files holding "pagefind_dcd" and the content: every file Pagefind fetches but its entry
const PACKED = /\.pf_(index|fragment|meta|filter)$|\/wasm\.[\w-]+\.pagefind$/;
const entries = new Map();  // path → JSON text
const early = new Map();  // path → Promise of the bytes
let bundle = null;  // path of the main bundle, pagefind/
let wasmAsked = false;
let instantiatedNow = null;
const instantiated = new Promise(function (resolve) { instantiatedNow = resolve; });

const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function () {
  const made = instantiate.apply(this, arguments);
  // A task later: after the microtasks in which Pagefind's loader keeps the new instance.
  const open = function () { setTimeout(instantiatedNow, 0); };
  made.then(open, open);
  return made;
};

/* Pagefind's files are gzip files, which its script inflates in JavaScript, slowly while that
   code is cold (its WebAssembly and first index chunk: tens of milliseconds). The browser's own
   inflater does it here; Pagefind sees by the signature that the file is inflated already. */
function unpacked(response, path) {
  if (!response.ok || !PACKED.test(path) || typeof DecompressionStream === "undefined") {
    return response;
  }
  return new Response(response.body.pipeThrough(new DecompressionStream("gzip")),
                      { headers: { "Content-Type": "application/octet-stream" } });
}

function fetchEarly(path) {
  if (!early.has(path)) {
    early.set(path, networkFetch(path).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " " + r.url);
      return unpacked(r, path).arrayBuffer();
    }));
  }
  return early.get(path);
}

/* The shards' entry files, and the files they name fetched at once. */
function prepare(options) {
  bundle = options.bundle;
  (options.entries || []).forEach(function (entry, i) {
    const folder = bundle + options.shards[i];
    entries.set(folder + "pagefind-entry.json", JSON.stringify(entry));
    // Pagefind opens the language with most pages when the page's own is unknown (here).
    const lang = Object.keys(entry.languages).map(function (k) { return entry.languages[k]; })
      .sort(function (a, b) { return b.page_count - a.page_count; })[0];
    fetchEarly(folder + "pagefind." + lang.hash + ".pf_meta");
    if (i === 0) fetchEarly(bundle + "wasm." + (lang.wasm || "unknown") + ".pagefind");
  });
}

self.fetch = function (input, init) {
  const path = new URL(typeof input === "string" ? input : input.url, self.location.href).pathname;
  if (entries.has(path)) {
    return Promise.resolve(new Response(entries.get(path),
                                        { headers: { "Content-Type": "application/json" } }));
  }
  if (bundle && WASM.test(path)) {
    const first = !wasmAsked;
    wasmAsked = true;
    const file = bundle + path.slice(path.lastIndexOf("/") + 1);
    return Promise.all([fetchEarly(file), first ? null : instantiated]).then(function (got) {
      return new Response(got[0].slice(0));
    });
  }
  if (early.has(path)) {
    return early.get(path).then(function (bytes) { return new Response(bytes.slice(0)); });
  }
  return networkFetch(input, init).then(function (r) { return unpacked(r, path); });
};

let engine = null;
let latest = null;

async function handle(m) {
  if (m.type === "open") {
    prepare(m.options);
    engine = await Engine.open(m.options);
    return true;
  }
  if (m.type === "search") {
    const id = m.request.id;
    latest = id;
    return engine.search(m.request, function () { return latest !== id; });
  }
  if (m.type === "data") return engine.data(m.searchId, m.ids);
  throw new Error("unknown message: " + m.type);
}

self.onmessage = async function (event) {
  const m = event.data;
  let reply;
  try {
    reply = { re: m.re, result: await handle(m) };
  } catch (err) {
    reply = { re: m.re, error: String((err && err.message) || err) };
  }
  self.postMessage(reply);
};
