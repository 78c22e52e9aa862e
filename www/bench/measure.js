// Timing for the benchmark: images per second as the median of several repeats after a
// warm-up, the same protocol for every contender.

/** Median of an array of numbers (the upper one of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs `work(i)` (one batch of `batch` images each) in `repeats` timed runs of at least
 * `seconds` and one batch, after one untimed warm-up run of the same length.
 * `onProgress(rate)` hears the running rate after every batch (throttled to ~5 per second),
 * so the page shows live images/s. Returns { median, runs, fastest } in images per second,
 * `fastest` from the fastest single batch of the timed runs (what a machine whose other load
 * comes and goes repeats best; the clock of a worker ticks in 0.1 ms).
 */
export async function imagesPerSecond(work, { batch, repeats, seconds, onProgress = () => {} }) {
  const runs = [];
  let i = 0;
  let lastReport = 0;
  let fastest = Infinity;
  for (let repeat = 0; repeat <= repeats; repeat += 1) {
    const start = performance.now();
    let images = 0;
    do {
      const before = performance.now();
      await work(i);
      i += 1;
      images += batch;
      const now = performance.now();
      if (repeat > 0) fastest = Math.min(fastest, now - before);
      if (now - lastReport > 200) {
        onProgress(images / ((now - start) / 1000));
        lastReport = now;
      }
    } while (performance.now() - start < seconds * 1000);
    if (repeat > 0) runs.push(images / ((performance.now() - start) / 1000));
  }
  return { median: median(runs), runs, fastest: fastest > 0 ? (batch * 1000) / fastest : null };
}
