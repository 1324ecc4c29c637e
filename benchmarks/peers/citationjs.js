// citation-js as a benchmark peer: node citationjs.js FORMAT INPUT.ris > OUTPUT
// FORMAT: csl-json | bibtex | apa | vancouver. Dev-time only (see ../README.md).
'use strict';
const fs = require('fs');
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-csl');

const [format, input] = process.argv.slice(2);
const cite = new Cite(fs.readFileSync(input, 'utf8'), { forceType: '@ris/file' });
let out;
if (format === 'csl-json') {
  out = cite.format('data', { format: 'text' });
} else if (format === 'bibtex') {
  out = cite.format('bibtex', { format: 'text' });
} else if (format === 'apa' || format === 'vancouver') {
  out = cite.format('bibliography', { template: format, format: 'text', lang: 'en-US' });
} else {
  process.stderr.write(`unknown format ${format}\n`);
  process.exit(2);
}
process.stdout.write(out.endsWith('\n') ? out : out + '\n');
