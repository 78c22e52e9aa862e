// Shared by the fuzz tests of the JS API: a seeded generator, so a failure replays, and the
// rule every call must keep.
import assert from 'node:assert/strict';

/** A small deterministic generator (xorshift32): `next()` in [0, 1), `pick(items)`, `int(n)` in [0, n). */
export function generator(seed) {
  let s = seed >>> 0 || 1;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
  const pick = (items) => items[Math.floor(next() * items.length)];
  return { next, pick, int: (n) => Math.floor(next() * n) };
}

/** Runs `f`; a thrown value must be a plain Error with a message, never a wasm trap. */
export function attempt(f, what) {
  try {
    return f();
  } catch (e) {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: wasm trap ${e}`);
    assert.ok(e instanceof Error && e.message.length > 0, `${what}: threw ${e}`);
    return undefined;
  }
}
