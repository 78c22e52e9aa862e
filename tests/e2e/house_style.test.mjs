// The page's house style, checked on the source as it ships: no function in www/ longer than 80
// lines (a view is state, controller and drawing parts small enough to read in one screen), and
// no test hook left in shipped code. Parsed with acorn, so a function is what JavaScript says it
// is (arrow functions and methods included), not what a regular expression guesses.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parse } from 'acorn';
import { full } from 'acorn-walk';
import { ROOT } from './lib/harness.mjs';

const WWW = join(ROOT, 'www');
const LONGEST = 80;
/** Made by the build or copied from npm: not ours to style. */
const GENERATED = new Set(['pkg', 'pkg-lecture', 'vendor', 'data']);

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return GENERATED.has(name) && dir === WWW ? [] : sources(path);
    return /\.m?js$/.test(name) ? [path] : [];
  });
}

const files = sources(WWW).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

test('the page has its sources to check', () => {
  assert.ok(files.length >= 40, `only ${files.length} JavaScript files found under www/`);
  assert.ok(files.some((f) => f.path.endsWith(join('views', 'train', 'index.js'))));
});

test(`no function in www/ is longer than ${LONGEST} lines`, () => {
  const long = [];
  for (const { path, text } of files) {
    const ast = parse(text, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
    full(ast, (node) => {
      if (!/Function/.test(node.type)) return;
      const lines = node.loc.end.line - node.loc.start.line + 1;
      if (lines > LONGEST) long.push(`${path}:${node.loc.start.line} ${node.id?.name ?? '(anonymous)'}: ${lines} lines`);
    });
  }
  assert.deepEqual(long, [], `split these functions:\n${long.join('\n')}`);
});

test('no test hook in shipped code', () => {
  const hooks = files.filter((f) => /window\.(cnnLab|__test|__cnn)/.test(f.text)).map((f) => f.path);
  assert.deepEqual(hooks, []);
});
