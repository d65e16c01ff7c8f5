/* cchc: the search engine over the shards of the Pagefind index (cchc/search.py).
 *
 * A large portal's index is cut into shards of a couple of thousand pages
 * (cchc.search.SHARD_PAGES): Pagefind's search time grows faster than the number of pages a
 * word is on. The engine searches its shards one after the other and gives a search up,
 * between two shards, as soon as `isStale()` says a newer query arrived: a reader typing
 * "cải cách" never waits long for the results of "cải các". Several engines (one per module
 * worker, cchc-search-worker.js) share the shards of a portal and run at the same time; where
 * module workers are missing, one engine runs in the page over Pagefind's merged index instead.
 *
 * The engine answers with ids and scores only (a common word is on every page) and keeps the
 * results of its latest search, whose data (title, meta, excerpt) the page asks for a page of
 * results at a time.
 */

const NUMBER_CANDIDATES = 5;  // results of a number search whose meta is checked (see `numbered`)

/* The next turn of the event loop, where a newer query's message gets through. */
function nextTurn() {
  return new Promise(function (resolve) { setTimeout(resolve, 0); });
}

export class Engine {
  /* options: bundle (URL path of pagefind/, ending in "/"), shards (folders under it, "" for
     the bundle itself), skip (ids never shown: the shards' dictionary page), ranking,
     excerptLength, tag (the index's build hash, so that Pagefind may cache its entry files),
     separate (one Pagefind instance per shard, which needs the worker's WebAssembly hand-out;
     false: one instance merging them all). */
  static async open(options) {
    const pagefind = await import(options.bundle + "pagefind.js");
    const settings = { ranking: options.ranking, excerptLength: options.excerptLength };
    if (options.tag) settings.metaCacheTag = options.tag;
    const paths = options.shards.map(function (s) { return options.bundle + s; });
    let units;
    if (options.separate) {
      // One instance per shard, all opening at once; the worker hands each its WebAssembly
      // only once the first has instantiated it (see cchc-search-worker.js).
      units = paths.map(function (path) {
        return pagefind.createInstance({ basePath: path, ...settings });
      });
    } else {
      units = [pagefind.createInstance({ basePath: paths[0], ...settings })];
      for (const path of paths.slice(1)) await units[0].mergeIndex(path, settings);
    }
    // Not waiting for the instances to be ready: a search waits for each in turn, and the
    // reader's first query, typed meanwhile, asks for its index chunks as soon as it can.
    return new Engine(units, options.skip || []);
  }

  constructor(units, skip) {
    this.units = units;
    this.skip = new Set(skip);
    this.searchId = null;  // the latest completed search, whose results `data` reads
    this.results = new Map();
    this.running = Promise.resolve();
  }

  /* request: {id, query, key, filters}; `key` is the number word ("sohieu107khubnd") when the
     query looks like a document number. Answers null if a newer query arrived meanwhile, else
     {id, hits: [[resultId, score], …] best first, numbered: [[resultId, score, data], …]}.
     Searches run one at a time (the one before gives up at its next shard); the index chunks
     of every shard start downloading at once. */
  search(request, isStale) {
    const options = { filters: request.filters || {} };
    const loaded = this.units.map(function (u) {
      return Promise.all([u.preload(request.query, options),
                          request.key ? u.preload(request.key, options) : null]);
    });
    const run = this.running.then(() => this.run(request, options, loaded, isStale));
    this.running = run.catch(function () {});
    return run;
  }

  async run(request, options, loaded, isStale) {
    const results = new Map();
    const hits = [];
    const numbered = [];
    for (let i = 0; i < this.units.length; i++) {
      await nextTurn();
      if (isStale()) return null;
      await loaded[i];
      if (isStale()) return null;  // the chunks came too late for this query
      const unit = this.units[i];
      const found = await Promise.all([
        unit.search(request.query, options),
        request.key ? unit.search(request.key, options) : null,
      ]);
      for (const r of found[0].results) {
        if (this.skip.has(r.id)) continue;
        results.set(r.id, r);
        hits.push([r.id, r.score]);
      }
      if (found[1]) {
        for (const entry of await this.numbered(found[1], request.key)) {
          results.set(entry[0].id, entry[0]);
          numbered.push([entry[0].id, entry[0].score, entry[1]]);
        }
      }
    }
    if (isStale()) return null;
    hits.sort(function (a, b) { return b[1] - a[1]; });
    this.searchId = request.id;
    this.results = results;
    return { id: request.id, hits: hits, numbered: numbered };
  }

  /* The pages of a number search whose number it is. Pagefind answers a word it does not know
     with words that start like it ("sohieu9…" → "sở"), so only pages whose meta says so count. */
  async numbered(found, key) {
    const skip = this.skip;
    const top = found.results.filter(function (r) { return !skip.has(r.id); })
      .slice(0, NUMBER_CANDIDATES);
    const data = await Promise.all(top.map(function (r) { return r.data(); }));
    return top.map(function (r, i) { return [r, plain(data[i])]; }).filter(function (entry) {
      return (entry[1].meta.number_key || "").indexOf(key) === 0;
    });
  }

  /* Title, meta, excerpt and URL of results of search `searchId`, in the order asked; an
     older search's are gone (null). */
  async data(searchId, ids) {
    if (searchId !== this.searchId) return ids.map(function () { return null; });
    const results = this.results;
    return Promise.all(ids.map(function (id) {
      const r = results.get(id);
      return r ? r.data().then(plain) : null;
    }));
  }
}

/* What the page needs of a result's data, as a plain object that can cross to the page. */
function plain(d) {
  return { url: d.url, meta: d.meta || {}, excerpt: d.excerpt || "" };
}
