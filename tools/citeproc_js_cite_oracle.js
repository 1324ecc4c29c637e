#!/usr/bin/env node
// citeproc-js citation oracle (development only; CI never runs node).
//
// Usage: node citeproc_js_cite_oracle.js ITEMS.json STYLE.csl LOCALES_DIR CLUSTERS.json [LOCALE] [FORMATS]
// CLUSTERS.json: a JSON array of clusters, each {"citationItems": [...], "properties":
// {"noteIndex": N}}. They are inserted with processCitationCluster one by one, each
// after the ones before it (as a word processor inserts citations at the end of a
// document); a later cluster may change earlier ones (disambiguation, positions):
// the updates processCitationCluster returns are recorded, so each cluster's text
// is the last citeproc-js reported for it.
// Prints JSON: {"engine": version, "formats": {"text": [cluster strings], "html": [...]}}.
// Needs the npm package `citeproc` resolvable (NODE_PATH or a node_modules nearby).
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [itemsPath, stylePath, localesDir, clustersPath, localeArg, formatsArg] =
  process.argv.slice(2);
if (!itemsPath || !stylePath || !localesDir || !clustersPath) {
  process.stderr.write(
    "usage: citeproc_js_cite_oracle.js ITEMS.json STYLE.csl LOCALES_DIR CLUSTERS.json [LOCALE] [FORMATS]\n",
  );
  process.exit(2);
}
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [String(item.id), item]));
const style = fs.readFileSync(stylePath, "utf8");
const clusters = JSON.parse(fs.readFileSync(clustersPath, "utf8"));

const sys = {
  retrieveLocale(lang) {
    const file = path.join(localesDir, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem(id) {
    return byId.get(String(id));
  },
};

const formats = (formatsArg || "text,html").split(",");
const out = { engine: CSL.PROCESSOR_VERSION, formats: {} };
for (const format of formats) {
  // A fresh engine per format: the same state citeconv starts from.
  const engine = localeArg
    ? new CSL.Engine(sys, style, localeArg, true)
    : new CSL.Engine(sys, style);
  engine.setOutputFormat(format);
  const texts = [];
  const pre = []; // [citationID, noteIndex] of the clusters inserted so far
  clusters.forEach((cluster, n) => {
    const citationID = `c${n}`;
    const citation = {
      citationID,
      // A copy: citeproc-js decorates the cites it is given.
      citationItems: JSON.parse(JSON.stringify(cluster.citationItems)),
      properties: { ...(cluster.properties || {}) },
    };
    const [status, updates] = engine.processCitationCluster(citation, pre, []);
    if (status.bibchange === undefined && status.citation_errors === undefined) {
      throw new Error(`cluster ${n}: unexpected status ${JSON.stringify(status)}`);
    }
    for (const [index, text, id] of updates) {
      const at = Number(String(id).slice(1));
      if (at !== index) throw new Error(`cluster ${n}: update of ${id} at ${index}`);
      texts[at] = text;
    }
    pre.push([citationID, citation.properties.noteIndex || 0]);
  });
  if (texts.length !== clusters.length || texts.some((text) => text === undefined)) {
    throw new Error("a cluster was never reported");
  }
  out.formats[format] = texts;
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
