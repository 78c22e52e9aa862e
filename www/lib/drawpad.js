// The drawing pad: draw a digit with the mouse, a pen or a finger.
//
//   const pad = drawPad(host, { onStroke: (pad) => send(pad.ink()), onClear: () => ... });
//   pad.ink()      // {gray: Float32Array (0 paper .. 1 ink, one per canvas pixel), width, height}
//   pad.rgba()     // Uint8Array RGBA of what is shown (paper and ink colours), for the core's colour pipelines
//   pad.inkShare() // the share of pixels with ink, 0..1: a tap is not a digit
//   pad.paint(image, width, height)   // show an image (0..1 per pixel) as ink, scaled to the pad
//   pad.clear(); pad.isEmpty()
//
// Options: `size` (CSS px, square; the canvas has as many pixels), `ink` and `paper` colours,
// `line` (stroke width, px), `label` (what a screen reader says), `onStroke(pad)` while
// drawing (at most every 120 ms) and at the end of each stroke, `onClear()`. The pad draws
// `ink` on a transparent canvas over `paper`, so the ink's coverage is its alpha.
import { el } from './dom.js';
import { t } from './i18n.js';

const rgbOf = (color) => {
  const probe = document.createElement('canvas').getContext('2d');
  probe.fillStyle = color;
  const hex = probe.fillStyle;   // the browser's own "#rrggbb"
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
};

export function drawPad(host, { size = 168, ink = '#1d2433', paper = '#ffffff', line = size / 11, label, onStroke = () => {}, onClear = () => {} } = {}) {
  // the pad's own texts carry their keys, so a language switch (translate) relabels them
  const canvas = el('canvas', { class: 'drawpad', width: size, height: size, 'aria-label': label ?? t('drawpad.label'), 'data-t-aria-label': label ? null : 'drawpad.label', style: `width:${size}px;height:${size}px;background:${paper}` });
  const clearButton = el('button', { type: 'button', class: 'drawpad-clear', 'data-t': 'drawpad.clear', onclick: () => { clear(); onClear(); } }, t('drawpad.clear'));
  host.append(canvas, el('div', { class: 'drawpad-tools' }, clearButton));
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let last = null;
  let sent = 0;

  const point = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [(event.clientX - rect.left) * (size / rect.width), (event.clientY - rect.top) * (size / rect.height)];
  };
  function stroke([x0, y0], [x1, y1]) {
    ctx.strokeStyle = ink; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.lineWidth = line;
    ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1 + 0.01, y1); ctx.stroke();
  }
  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId);
    last = point(event);
    stroke(last, last);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!last) return;
    const next = point(event);
    stroke(last, next);
    last = next;
    const now = performance.now();
    if (now - sent > 120) { sent = now; onStroke(pad); }
  });
  const end = () => { if (last) { last = null; onStroke(pad); } };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  function clear() { ctx.clearRect(0, 0, size, size); }
  const alpha = () => ctx.getImageData(0, 0, size, size).data;

  const pad = {
    canvas,
    clear,
    ink() {
      const data = alpha();
      const gray = new Float32Array(size * size);
      for (let i = 0; i < gray.length; i++) gray[i] = data[4 * i + 3] / 255;
      return { gray, width: size, height: size };
    },
    rgba() {
      const data = alpha();
      const [pr, pg, pb] = rgbOf(paper);
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i += 4) {
        const a = data[i + 3] / 255;
        out[i] = Math.round(pr + (data[i] - pr) * a); out[i + 1] = Math.round(pg + (data[i + 1] - pg) * a);
        out[i + 2] = Math.round(pb + (data[i + 2] - pb) * a); out[i + 3] = 255;
      }
      return out;
    },
    inkShare() {
      const data = alpha();
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 127) inked++;
      return inked / (size * size);
    },
    isEmpty: () => !alpha().some((v, i) => i % 4 === 3 && v > 0),
    paint(image, width, height) {
      const [r, g, b] = rgbOf(ink);
      const small = new ImageData(width, height);
      for (let i = 0; i < width * height; i++) small.data.set([r, g, b, Math.round(255 * Math.max(0, Math.min(1, image[i])))], 4 * i);
      const tmp = el('canvas', { width, height });
      tmp.getContext('2d').putImageData(small, 0, 0);
      clear();
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, size, size);
    },
  };
  return pad;
}
