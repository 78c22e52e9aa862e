// Concept 2, convolution arithmetic: W, F, S, P to the output size, every window position and
// the padding drawn; what does not fit is refused with the core's own message.
import { attempt, el, field, frame, numberInput } from './common.js';

export function mount(root, { core }) {
  const { body, status } = frame(root, 'Convolution arithmetic',
    'An input W wide, a kernel F, stride S and zero padding P: the kernel takes (W − F + 2P) / S + 1 positions per row (rounded down). With padding only on the right and bottom, P counts once.');
  const q = { input: 7, kernel: 3, stride: 2, padding: 1, oneSided: false };
  let position = 0;
  const canvas = el('canvas', { 'aria-label': 'the padded input with the windows' });
  const out = el('canvas', { 'aria-label': 'the output grid' });
  const formula = el('div', { class: 'equation' });
  const notes = el('p', { class: 'why' });
  const slider = el('input', { type: 'range', min: 0, max: 0, value: 0, 'aria-label': 'window position', oninput: () => { position = Number(slider.value); draw(); } });
  const number = (key, min, max, label) => field(label, numberInput({ value: q[key], min, max, label, onchange: (v) => { q[key] = v; position = 0; update(); } }));
  const oneSided = el('input', { type: 'checkbox', 'aria-label': 'padding only right and bottom', onchange: () => { q.oneSided = oneSided.checked; update(); } });
  body.append(
    el('div', { class: 'panel wide' },
      el('div', { class: 'controls' }, number('input', 1, 64, 'input W'), number('kernel', 1, 64, 'kernel F'), number('stride', 1, 64, 'stride S'), number('padding', 0, 32, 'padding P'),
        el('label', { class: 'field' }, 'padding only right + bottom', oneSided), field('window position', slider)),
      formula, notes),
    el('div', { class: 'panel' }, el('h2', {}, 'Input with padding'), canvas, el('p', { class: 'caption' }, 'white: input · gray: zero padding · orange: the window · red: never covered')),
    el('div', { class: 'panel' }, el('h2', {}, 'Output'), out, el('p', { class: 'caption' }, 'one cell per window position; orange: the window on the left')));
  let geometry = null;

  function update() {
    geometry = attempt(status, () => core.lectureConvArithmetic(q));
    if (!geometry) {
      formula.textContent = 'does not fit: see the message above';
      notes.textContent = '';
      [canvas, out].forEach((c) => c.getContext('2d').clearRect(0, 0, c.width, c.height));
      return;
    }
    formula.replaceChildren(`output = ${geometry.formula}`, el('br'), `${geometry.output} x ${geometry.output} positions, ${geometry.output * geometry.output} outputs per kernel`);
    notes.textContent = geometry.exact
      ? 'S divides W − F + 2P: the windows reach the edge exactly.'
      : `S does not divide ${geometry.numerator}: the last ${geometry.uncovered} padded column(s) and row(s) are never covered and are ignored.`;
    slider.max = geometry.output * geometry.output - 1;
    position = Math.min(position, Number(slider.max));
    slider.value = position;
    draw();
  }

  function draw() {
    if (!geometry) return;
    const n = geometry.padded;
    const cell = Math.max(6, Math.min(30, Math.floor(360 / n)));
    canvas.width = canvas.height = n * cell;
    const ctx = canvas.getContext('2d');
    const before = geometry.padBefore;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const inside = r >= before && r < before + q.input && c >= before && c < before + q.input;
        const uncovered = r >= n - geometry.uncovered || c >= n - geometry.uncovered;
        ctx.fillStyle = uncovered ? '#ffe3e3' : inside ? '#ffffff' : '#ced4da';
        ctx.fillRect(c * cell, r * cell, cell, cell);
        ctx.strokeStyle = '#dee2e6';
        ctx.strokeRect(c * cell + 0.5, r * cell + 0.5, cell - 1, cell - 1);
      }
    }
    const starts = geometry.starts;
    ctx.strokeStyle = 'rgba(59, 91, 219, .35)';
    ctx.lineWidth = 1;
    for (const s of starts) {
      ctx.strokeRect(s * cell + 1.5, 1.5, q.kernel * cell - 3, q.kernel * cell - 3);
      ctx.strokeRect(1.5, s * cell + 1.5, q.kernel * cell - 3, q.kernel * cell - 3);
    }
    const [pr, pc] = [Math.floor(position / geometry.output), position % geometry.output];
    ctx.strokeStyle = '#f08c00';
    ctx.lineWidth = 3;
    ctx.strokeRect(starts[pc] * cell + 1.5, starts[pr] * cell + 1.5, q.kernel * cell - 3, q.kernel * cell - 3);
    const o = geometry.output;
    const oc = Math.max(6, Math.min(30, Math.floor(240 / o)));
    out.width = out.height = o * oc;
    const octx = out.getContext('2d');
    for (let i = 0; i < o * o; i++) {
      octx.fillStyle = i === position ? '#f08c00' : '#e7f5ff';
      octx.fillRect((i % o) * oc + 1, Math.floor(i / o) * oc + 1, oc - 2, oc - 2);
    }
  }

  update();
}
