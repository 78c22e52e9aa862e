// Concept 8, mini-batches: real digits (their 25 features) shuffled and cut into batches; how
// far each batch's gradient points from the full-batch gradient, for batch sizes 1 to the full
// set (lectureMinibatch: angles computed in the core).
import { PALETTE, attempt, el, field, fmt, frame, grid, lectureDigits, lineChart, numberInput, select, table } from './common.js';

export function mount(root, { core }) {
  const { body, status } = frame(root, 'Mini-batches',
    'The training digits are shuffled and cut into batches of B. Each batch gives its own estimate of the gradient: the smaller the batch, the noisier its direction. Plotted: the angle between each batch’s gradient and the gradient of the whole set (0° = the same direction), for a softmax classifier on the 25 features.');
  const q = { count: 512, seed: 1, show: 8 };
  const strip = el('canvas', { 'aria-label': 'the shuffled digits cut into batches' });
  const chart = el('canvas', { class: 'chart', 'aria-label': 'angle to the full gradient by batch size' });
  const numbers = el('div', { class: 'scroll' });
  const loading = el('p', { class: 'caption' }, 'Loading…');
  const showPick = el('span');
  body.append(
    el('div', { class: 'panel wide' }, el('div', { class: 'controls' },
      field('examples', numberInput({ value: q.count, min: 2, max: 4096, label: 'examples', onchange: (v) => { q.count = Math.round(v); update(); } })),
      field('shuffle seed', numberInput({ value: q.seed, min: 0, max: 1e9, label: 'shuffle seed', onchange: (v) => { q.seed = Math.round(v); update(); } })),
      field('batch size to draw', showPick)), loading,
      el('h2', {}, 'The first 64 shuffled digits, by label, cut into batches'), strip),
    el('div', { class: 'panel' }, el('h2', {}, 'Angle to the full-batch gradient'), chart),
    el('div', { class: 'panel' }, el('h2', {}, 'By batch size'), numbers));
  let digits = null;

  function update() {
    if (!digits) return;
    const count = Math.min(q.count, digits.length);
    const labels = digits.trainLabels(count);
    const v = attempt(status, () => core.lectureMinibatch(digits.trainFeatures(count), labels, 25, q.seed));
    if (!v) return;
    const sizes = v.sizes.map((s) => s.batch);
    if (!sizes.includes(q.show)) q.show = sizes[Math.min(3, sizes.length - 1)];
    showPick.replaceChildren(select(sizes.map((b) => [String(b), String(b)]), String(q.show), (b) => { q.show = Number(b); update(); }, 'batch size to draw'));
    const shown = v.order.slice(0, 64);
    const cell = 16;
    grid(strip, shown.map((i) => labels[i]), 1, shown.length, { cell, color: (l) => `hsl(${l * 36}, 65%, 62%)`, text: (l) => String(l) });
    const ctx = strip.getContext('2d');
    ctx.fillStyle = '#1d2433';
    for (let b = q.show; b < shown.length; b += q.show) ctx.fillRect(b * cell - 1, 0, 2, cell);
    lineChart(chart, [
      { label: 'mean', xs: sizes, ys: v.sizes.map((s) => s.mean), color: PALETTE[0] },
      { label: 'min', xs: sizes, ys: v.sizes.map((s) => s.min), color: '#adb5bd' },
      { label: 'max', xs: sizes, ys: v.sizes.map((s) => s.max), color: '#adb5bd' },
    ], { logX: true, xLabel: 'batch size B (log scale)', yLabel: 'angle (degrees)', yMin: 0, points: true });
    numbers.replaceChildren(table(['B', 'batches', 'mean angle', 'min', 'max'], v.sizes.map((s) => [String(s.batch), String(s.batches), `${fmt(s.mean, 1)}°`, `${fmt(s.min, 1)}°`, `${fmt(s.max, 1)}°`])));
  }

  lectureDigits((text) => { loading.textContent = text; }).then((d) => {
    digits = d;
    loading.textContent = `${d.length} training digits loaded; the first ${q.count} are used.`;
    update();
  }, (err) => { loading.textContent = ''; status.textContent = err.message; });
}
