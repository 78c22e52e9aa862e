// Concept 5, pooling: max and average pooling of a feature map by the core's own layers; the
// winner of each max window (maxPoolSwitches) is outlined; depth stays, height and width
// shrink, 0 parameters.
import { attempt, diverging, el, field, fmt, frame, grid, numberInput } from './common.js';

export function mount(root, { core }) {
  const { body, status } = frame(root, 'Pooling',
    'A window slides over each channel on its own and keeps its largest value (max pooling) or its mean (average pooling). Height and width shrink, the depth stays, and there is nothing to learn.');
  let seed = 1;
  const q = core.lecturePoolingExample(seed);
  const maps = el('div', { class: 'stages' });
  const outs = el('div', { class: 'stages' });
  const facts = el('div', { class: 'equation' });
  const number = (key, label) => field(label, numberInput({ value: q[key], min: 1, max: 6, label, onchange: (v) => { q[key] = v; update(); } }));
  body.append(
    el('div', { class: 'panel wide' }, el('div', { class: 'controls' }, number('size', 'window size'), number('stride', 'stride'),
      el('button', { type: 'button', onclick: () => { q.map = core.lecturePoolingExample(++seed).map; update(); } }, 'New feature map')), facts),
    el('div', { class: 'panel' }, el('h2', {}, 'Feature map (input)'), maps, el('p', { class: 'caption' }, 'orange: the winner of each max window')),
    el('div', { class: 'panel' }, el('h2', {}, 'After pooling'), outs));

  function channelCanvas(values, rows, cols, mark, label) {
    const canvas = el('canvas', { 'aria-label': label });
    grid(canvas, values, rows, cols, { cell: 34, color: (v) => diverging(v, 9), text: (v) => fmt(v, 2), mark });
    return el('figure', { class: 'stage' }, canvas, el('figcaption', {}, label));
  }

  function update() {
    const p = attempt(status, () => core.lecturePooling(q));
    if (!p) return;
    const [c, h, w] = p.inputShape;
    const [, oh, ow] = p.outputShape;
    maps.replaceChildren(...Array.from({ length: c }, (_, k) => {
      const winners = new Set(p.switches.slice(k * oh * ow, (k + 1) * oh * ow));
      return channelCanvas(q.map.slice(k * h * w, (k + 1) * h * w), h, w, (i) => winners.has(i), `channel ${k}`);
    }));
    outs.replaceChildren(...Array.from({ length: c }, (_, k) => [
      channelCanvas(p.max.slice(k * oh * ow, (k + 1) * oh * ow), oh, ow, null, `max, channel ${k}`),
      channelCanvas(p.avg.slice(k * oh * ow, (k + 1) * oh * ow), oh, ow, null, `average, channel ${k}`),
    ]).flat());
    facts.replaceChildren(`input ${p.inputShape.join(' x ')} → output ${p.outputShape.join(' x ')}: depth ${c} stays, (${h} − ${q.size}) / ${q.stride} + 1 = ${oh} rows`, el('br'),
      `parameters: maxpool ${p.parameters[0]}, avgpool ${p.parameters[1]} — nothing to train`);
  }

  update();
}
