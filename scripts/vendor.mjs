#!/usr/bin/env node
// Copies the libraries the page uses from node_modules into www/vendor/ (gitignored), so the
// page loads them from its own origin and never from a CDN:
//
//   node scripts/vendor.mjs          (make build runs it)
//
// uPlot 1.6.32 (line charts, www/lib/chart.js): its minified build (51 KB; the package's ES
// module is the unminified 145 KB) turned into an ES module by one appended line,
// `export default uPlot;`, next to its stylesheet and licence. scripts/bench.mjs copies the
// benchmark's libraries with copyFiles() too.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const VENDOR = join(ROOT, 'www', 'vendor');

/** The file at node_modules/`from`, or exits naming what is missing and how to get it. */
function source(from) {
  const path = join(ROOT, 'node_modules', from);
  if (!existsSync(path)) throw new Error(`${relative(ROOT, path)} is missing: run "npm ci" (package.json lists it)`);
  return path;
}

/** Copies node_modules/<from> to www/vendor/<to> for each entry of `files`. */
export function copyFiles(files) {
  for (const [from, to] of Object.entries(files)) {
    mkdirSync(dirname(join(VENDOR, to)), { recursive: true });
    copyFileSync(source(from), join(VENDOR, to));
  }
}

/** uPlot as an ES module, its stylesheet and its licence in www/vendor/uplot/. */
export function vendorPage() {
  copyFiles({ 'uplot/dist/uPlot.min.css': 'uplot/uPlot.min.css', 'uplot/LICENSE': 'uplot/LICENSE' });
  const script = readFileSync(source('uplot/dist/uPlot.iife.min.js'), 'utf8');
  if (!/^var uPlot=function\(\)/m.test(script)) throw new Error('uplot/dist/uPlot.iife.min.js no longer starts with "var uPlot=function()": check the uPlot version in package.json (1.6.32)');
  writeFileSync(join(VENDOR, 'uplot', 'uPlot.min.js'), `${script}\nexport default uPlot;\n`);
  console.log(`ok ${relative(ROOT, join(VENDOR, 'uplot'))}/: uPlot.min.js (ES module), uPlot.min.css, LICENSE`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    vendorPage();
  } catch (err) {
    console.error(`vendor.mjs: ${err.message}`);
    process.exit(1);
  }
}
