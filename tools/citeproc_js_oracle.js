#!/usr/bin/env node
// citeproc-js oracle (development only; CI never runs node).
//
// Usage: node citeproc_js_oracle.js ITEMS.json STYLE.csl LOCALES_DIR [LOCALE] [FORMATS] [links]
// ("links": DOIs and URLs as links, citeproc-js's wrap_url_and_doi development extension.)
// Prints JSON: {"engine": version, "formats": {"text": {"order": [ids], "entries": {id: text}},
// "html": {...}}} — each entry exactly as citeproc-js's makeBibliography() returns it.
// Needs the npm package `citeproc` resolvable (NODE_PATH or a node_modules nearby).
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [itemsPath, stylePath, localesDir, localeArg, formatsArg, linksArg] = process.argv.slice(2);
if (!itemsPath || !stylePath || !localesDir) {
  process.stderr.write("usage: citeproc_js_oracle.js ITEMS.json STYLE.csl LOCALES_DIR [LOCALE] [FORMATS]\n");
  process.exit(2);
}
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [String(item.id), item]));
const style = fs.readFileSync(stylePath, "utf8");

const sys = {
  retrieveLocale(lang) {
    const file = path.join(localesDir, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem(id) {
    return byId.get(String(id));
  },
};

// citeproc-js leaves an entry that renders empty out of its entries but not out of
// params.entry_ids, so the two lists can disagree: record the id of every entry
// as citeproc-js decorates it instead (the item being rendered is the last one
// handed to CSL.getCite).
let produced = [];
let current = null;
const getCite = CSL.getCite;
CSL.getCite = function (Item, ...rest) {
  current = String(Item.id);
  return getCite.call(this, Item, ...rest);
};
for (const fmt of ["text", "html"]) {
  for (const table of [CSL.Output.Formats]) {
    const original = table[fmt]["@bibliography/entry"];
    if (original.__oracle) continue;
    const wrapped = function (state, str) {
      produced.push(current);
      return original.call(this, state, str);
    };
    wrapped.__oracle = true;
    table[fmt]["@bibliography/entry"] = wrapped;
  }
}

const formats = (formatsArg || "text,html").split(",");
const out = { engine: CSL.PROCESSOR_VERSION, formats: {} };
for (const format of formats) {
  // A fresh engine per format: the same state citeconv starts from.
  const engine = localeArg
    ? new CSL.Engine(sys, style, localeArg, true)
    : new CSL.Engine(sys, style);
  engine.opt.development_extensions.wrap_url_and_doi = linksArg === "links";
  engine.setOutputFormat(format);
  engine.updateItems(items.map((item) => String(item.id)));
  produced = [];
  const [params, entries] = engine.makeBibliography();
  const order = produced;
  if (order.length !== entries.length) throw new Error("entry ids and entries disagree");
  const result = { order, entries: {}, bibstart: params.bibstart, bibend: params.bibend };
  order.forEach((id, n) => {
    result.entries[id] = entries[n];
  });
  out.formats[format] = result;
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
