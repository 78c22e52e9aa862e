// A canvas to draw a digit on with the mouse or a finger. It hands the ink (0 background to 1
// ink, one value per canvas pixel) to `onDraw(gray, width, height)` while drawing and at the
// end of each stroke; the core prepares it like an MNIST digit.
import { el } from './builder.js';

export function createDrawPad(root, onDraw, onClear) {
  const canvas = el('canvas', 'drawpad');
  canvas.setAttribute('aria-label', 'Drawing area: draw a digit here');
  canvas.width = 168; canvas.height = 168;
  const clear = el('button', '', 'Clear'); clear.type = 'button';
  const hint = el('p', 'muted small', 'Draw a digit (0 to 9) in the box; it is scaled and centred like an MNIST digit.');
  root.append(canvas, el('div', 'drawpad-tools', ''), hint);
  root.querySelector('.drawpad-tools').append(clear);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let last = null; let pending = 0;

  const point = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [(event.clientX - rect.left) * canvas.width / rect.width, (event.clientY - rect.top) * canvas.height / rect.height];
  };
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
    if (now - pending > 120) { pending = now; send(); }
  });
  const end = () => { if (last) { last = null; send(); } };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  clear.onclick = () => { ctx.clearRect(0, 0, canvas.width, canvas.height); onClear(); };

  function stroke([x0, y0], [x1, y1]) {
    ctx.strokeStyle = '#1d2433'; ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    ctx.lineWidth = canvas.width / 11;
    ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1 + 0.01, y1); ctx.stroke();
  }

  function send() {
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const gray = new Float32Array(canvas.width * canvas.height);
    for (let i = 0; i < gray.length; i++) gray[i] = data[4 * i + 3] / 255;
    onDraw(gray, canvas.width, canvas.height);
  }

  return { canvas, send, isEmpty: () => !ctx.getImageData(0, 0, canvas.width, canvas.height).data.some((v, i) => i % 4 === 3 && v > 0) };
}
