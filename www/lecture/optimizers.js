// Concept 9, the optimizers' formulas, live: one parameter w on f(w) = a/2 (w − c)² with noisy
// gradients; each optimizer's state and update step by step, from the core's Optimizer
// (lectureOptimizerTrace), and why each was invented.
import { PALETTE, attempt, el, field, fmt, frame, lineChart, numberInput, select, table } from './common.js';

/** Why each optimizer was invented; its update rule comes from the core (describeSchema). */
const WHY = {
  sgd: 'The plain step downhill. With mini-batches the gradient is noisy, so the path zigzags.',
  momentum: 'Invented against the noise: steady directions add up in the velocity, noisy ones cancel out.',
  adagrad: 'Each weight gets its own step size: rarely updated weights keep large steps. But s only grows, so the rate decays towards 0 too fast.',
  rmsprop: 'Fixes Adagrad’s dying rate: a moving average forgets old squares, so the rate can recover.',
  adam: 'Momentum and RMSProp together. m and v start at 0 and would be too small in the first steps: dividing by (1 − β^t) corrects that bias.',
};

export function mount(root, { core }) {
  const { body, status } = frame(root, 'The optimizers, step by step',
    'One parameter w on the loss f(w) = a/2 (w − c)², whose gradient a (w − c) is blurred by noise as a mini-batch would blur it. Every number below is the state of the very optimizer that trains the networks.');
  const q = { lr: 0.1, start: 4, steps: 30, curvature: 1, target: 0, noise: 1, seed: 1 };
  const RULES = Object.fromEntries(core.describeSchema().optimizers.map((o) => [o.type, o.update]));
  let chosen = 'adam';
  const number = (key, label, min, max, step) => field(label, numberInput({ value: q[key], min, max, step, label, onchange: (v) => { q[key] = v; update(); } }));
  const chart = el('canvas', { class: 'chart', 'aria-label': 'w over the steps for each optimizer' });
  const rate = el('canvas', { class: 'chart', 'aria-label': 'step size over the steps' });
  const detail = el('div');
  body.append(
    el('div', { class: 'panel wide' }, el('div', { class: 'controls' },
      number('lr', 'learning rate', 0.0001, 10, 0.01), number('start', 'start w', -100, 100, 0.5), number('curvature', 'curvature a', 0.01, 100, 0.1),
      number('noise', 'gradient noise σ', 0, 100, 0.5), number('steps', 'steps', 1, 200, 1), number('seed', 'noise seed', 0, 1e9, 1),
      field('show formulas of', select(Object.keys(RULES).map((k) => [k, k]), chosen, (v) => { chosen = v; update(); }, 'optimizer to show')))),
    el('div', { class: 'panel' }, el('h2', {}, 'w over the steps (minimum at c = 0)'), chart),
    el('div', { class: 'panel' }, el('h2', {}, 'Step size each gradient got'), rate),
    el('div', { class: 'panel wide' }, detail));

  function run(type) {
    return core.lectureOptimizerTrace({ optimizer: { type, lr: q.lr }, start: q.start, steps: q.steps, curvature: q.curvature, target: q.target, noise: q.noise, seed: q.seed });
  }

  function update() {
    const traces = attempt(status, () => Object.fromEntries(Object.keys(RULES).map((t) => [t, run(t)])));
    if (!traces) return;
    const series = (key) => Object.entries(traces).map(([type, steps], k) => ({ label: type, color: PALETTE[k], xs: [0, ...steps.map((s) => s.t)], ys: key === 'w' ? [q.start, ...steps.map((s) => s.wAfter)] : [steps[0].rate, ...steps.map((s) => s.rate)] }));
    lineChart(chart, series('w'), { xLabel: 'step t', yLabel: 'w' });
    lineChart(rate, series('rate'), { xLabel: 'step t', yLabel: 'lr / (√s + ε)' });
    const steps = traces[chosen];
    const state = {
      sgd: [], momentum: [['velocity v', 'first']], adagrad: [['sum of squares s', 'first']], rmsprop: [['mean of squares s', 'first']],
      adam: [['m', 'first'], ['v', 'second'], ['m̂', 'firstHat'], ['v̂', 'secondHat']],
    }[chosen];
    detail.replaceChildren(el('h2', {}, `${chosen}: the formula with its numbers`), el('div', { class: 'equation' }, RULES[chosen]), el('p', { class: 'why' }, `Why: ${WHY[chosen]}`),
      el('div', { class: 'scroll' }, table(['t', 'w', 'gradient g', ...state.map(([n]) => n), 'step size', 'update', 'new w', 'f(new w)'],
        steps.slice(0, 12).map((s) => [String(s.t), fmt(s.w, 4), fmt(s.grad, 4), ...state.map(([, k]) => fmt(s[k], 4)), fmt(s.rate, 4), fmt(s.update, 4), fmt(s.wAfter, 4), fmt(s.loss, 4)]))),
      el('p', { class: 'caption' }, steps.length > 12 ? `the first 12 of ${steps.length} steps` : ''));
  }

  update();
}
