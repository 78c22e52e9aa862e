// The Train view's drawing pad: the toolkit's (www/lib/drawpad.js) with the Train view's old
// interface, until the view is ported. It hands the ink (0 background to 1 ink, one value per
// canvas pixel) to `onDraw(gray, width, height)` while drawing and at the end of each stroke;
// the core prepares it like an MNIST digit.
import { el } from '../lib/dom.js';
import { drawPad } from '../lib/drawpad.js';

export function createDrawPad(root, onDraw, onClear) {
  const send = () => { const { gray, width, height } = pad.ink(); onDraw(gray, width, height); };
  const pad = drawPad(root, { size: 168, onStroke: send, onClear });
  root.append(el('p', { class: 'muted small' }, 'Draw a digit (0 to 9) in the box; it is scaled and centred like an MNIST digit.'));
  return { canvas: pad.canvas, send, isEmpty: pad.isEmpty };
}
