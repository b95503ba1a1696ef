// Runs Material's own search worker (the file the site ships) in Node, as a browser would run it:
// the built index is sent as the SETUP message, then each query as a QUERY message.
//
//   node tests/search_worker.js <site dir>   < queries.json   > results.json
//
// queries.json: ["RPA", "申請", ...]; results.json: one entry per query, the result groups as the
// search box lists them (one per page: [{location, title, text, terms}, ...]).
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const site = process.argv[2];
const workers = path.join(site, "assets", "javascripts", "workers");
const worker = fs.readdirSync(workers).find(name => /^search\..*\.js$/.test(name));
const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
// The page adds the options from the theme's features (its __config), as setupSearchWorker does.
const page = fs.readFileSync(path.join(site, "index.html"), "utf8");
const config = JSON.parse(page.match(/<script id="__config" type="application\/json">([^<]*)<\/script>/)[1]);
const setup = { ...index, options: { suggest: config.features.includes("search.suggest") } };

const replies = [];
let listener = null;
const context = {
  console,
  setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
  URL, TextEncoder, TextDecoder,
  postMessage: message => replies.push(message),
  addEventListener: (type, fn) => { if (type === "message") listener = fn },
  // Language scripts resolve against the worker's folder ("../lunr/..."), as in the browser.
  importScripts: (...urls) => {
    for (const url of urls)
      vm.runInContext(fs.readFileSync(path.resolve(workers, url), "utf8"), context, { filename: url })
  },
};
context.self = context;
context.globalThis = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(workers, worker), "utf8"), context, { filename: worker });

async function send(message) {
  const before = replies.length;
  await listener({ data: message });
  for (let i = 0; i < 100 && replies.length === before; i++)
    await new Promise(resolve => setTimeout(resolve, 0));
  return replies[replies.length - 1];
}

(async () => {
  const ready = await send({ type: 0, data: setup });  // SETUP -> READY (1)
  if (ready.type !== 1) throw new Error(`search worker not ready: ${JSON.stringify(ready)}`);
  const out = [];
  for (const query of queries) {
    const reply = await send({ type: 2, data: query });  // QUERY -> RESULT (3)
    out.push(reply.data.items.map(group => group.map(({ location, title, text, terms }) => (
      { location, title, text, terms }))));
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1) });
