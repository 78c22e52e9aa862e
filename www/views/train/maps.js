// Feature maps of one digit: the input (gray, 0 black to 1 white as MNIST), then every layer's
// output (flatten is skipped: it only reshapes) on the sequential scale from that layer's
// lowest to its highest value (dark purple low, yellow high), each with its legend. A flat
// output is a row of cells, numbered when there are few (the last layer's ten are the
// digits). Tapping or hovering a max-pool map marks, on the map it pooled, the position that
// won each window (red) and the one under the finger or pointer (yellow); a tap pins it.
import { INK, css, gray, extent, sequential } from '../../lib/colors.js';
import { cssWidth, fitCanvas, setText } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { drawTileSet } from '../../lib/tiles.js';
import { blocks, setLegend } from './draw.js';

/**
 * The maps of `input` (`shape`: 1 x 28 x 28 for a digit; an RGB image shows its three
 * channels) and `inspected` (the core's inspect) drawn into `host`, as parts to run in turn
 * (one a map, then the pointer's wiring): the Train view spreads them over frames.
 * `inputKey` names the input.
 */
export function featureMapParts(host, input, inspected, { shape = [1, 28, 28], inputKey = 'train.maps.input' } = {}) {
  const layers = inspected.layers.filter((l) => l.type !== 'flatten');
  const last = inspected.layers.length - 1;
  const maps = [{ name: 'input', title: t(inputKey), values: input, shape, input: true },
    ...layers.map((l) => ({ name: String(l.index), title: t('train.maps.layer', { i: l.index, type: l.type }), values: l.values, shape: l.shape, switches: l.switches, labelled: l.index === last }))];
  const view = { host, maps, layouts: [] };
  const wire = () => {
    maps.forEach((m, k) => { if (m.switches) wirePool(view, k); });
    if (host.pin && !markOf(view)) host.pin = null;
  };
  // each map drawn with its mark at once, so a new snapshot never shows a map without it
  return [...maps.map((m, k) => () => {
    view.blocks ??= blocks(host, maps.map((map) => map.name));
    view.layouts[k] = drawMap(view.blocks[k], m, overlayOf(view, markOf(view), k));
  }), wire];
}

const fits = (mark, [c, h, w]) => mark.channel < c && mark.row < h && mark.col < w;

/** The pinned or hovered window of a max-pool map, when it is on this snapshot's maps; else null. */
function markOf({ host, maps }) {
  const mark = host.pin ?? host.hover;
  return mark && maps[mark.map]?.switches && fits(mark, maps[mark.map].shape) ? mark : null;
}

/** One map: its caption, tiles and legend; `overlay(ctx, layout)` draws on top. Returns the layout. */
function drawMap({ canvas, caption, legend }, map, overlay) {
  const { values, shape } = map;
  const [c, h, w] = shape.length === 3 ? shape : [1, 1, shape[0]];
  setText(caption, t('train.maps.caption', { title: map.title, shape: shape.join(' x ') }));
  const width = cssWidth(canvas) || 300;
  const flat = shape.length === 1;
  const cell = flat ? Math.max(4, Math.min(24, Math.floor(width / Math.min(w, 32)))) : Math.max(1, Math.min(4, Math.floor((width / Math.min(c, 8) - 4) / w)));
  const perRow = flat ? Math.max(1, Math.floor(width / cell)) : w;   // a flat output wraps into rows of cells
  const rows = flat ? Math.ceil(w / perRow) : h;
  const labels = flat && w <= 16 ? 14 : 0;
  const perLine = flat ? 1 : Math.max(1, Math.floor((width + 4) / (w * cell + 4)));
  const { ctx, height } = fitCanvas(canvas, Math.ceil(c / perLine) * (rows * cell + 4) + labels);
  ctx.clearRect(0, 0, width, height);
  const [lo, hi] = map.input ? [0, 1] : extent(values);
  const color = map.input ? (v) => gray(v) : (v) => sequential(v, lo, hi);
  const at = (ch) => [(ch % perLine) * (w * cell + 4), Math.floor(ch / perLine) * (h * cell + 4)];
  if (flat) drawFlat(ctx, values, w, perRow, cell, color, labels);
  else drawTileSet(ctx, Array.from({ length: c }, (_, ch) => ({ values, offset: ch * h * w, rows: h, cols: w, x: at(ch)[0], y: at(ch)[1], cell, color })));
  const layout = { at, cell, w, h, c, flat };
  overlay?.(ctx, layout);
  setLegend(legend, map.input ? 'gray' : 'sequential', lo, hi, t(map.input ? 'train.legend.pixel' : 'train.legend.activation'));
  return layout;
}

/** A flat output as rows of cells; with `labels`, each cell's index under it (0-9: the digits). */
function drawFlat(ctx, values, n, perRow, cell, color, labels) {
  for (let i = 0; i < n; i++) {
    const [x, y] = [(i % perRow) * cell, Math.floor(i / perRow) * cell];
    ctx.fillStyle = css(color(values[i]));
    ctx.fillRect(x, y, cell - 1, cell - 1);
    if (labels) {
      ctx.fillStyle = INK.muted;
      ctx.font = '11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText(String(i), x + (cell - 1) / 2, y + cell + 11);
    }
  }
  ctx.textAlign = 'left';
}

/** A max-pool map answers the pointer: hover (a mouse) shows, a tap or click pins or unpins. */
function wirePool(view, k) {
  const { canvas, figure } = view.blocks[k];
  const { host } = view;
  figure.classList.add('pool');
  canvas.title = t('train.maps.poolTitle');
  const hit = (event) => hitTile(view.layouts[k], canvas, event);
  const redraw = () => {
    const mark = markOf(view);
    for (const j of [k - 1, k]) view.layouts[j] = drawMap(view.blocks[j], view.maps[j], overlayOf(view, mark, j));
  };
  canvas.onpointermove = (event) => {
    if (event.pointerType !== 'mouse') return;
    const spot = hit(event);
    host.hover = spot && { map: k, ...spot };
    redraw();
  };
  canvas.onpointerleave = (event) => { if (event.pointerType === 'mouse') { host.hover = null; redraw(); } };
  canvas.onclick = (event) => {
    const spot = hit(event);
    const same = host.pin && spot && host.pin.map === k && ['channel', 'row', 'col'].every((p) => host.pin[p] === spot[p]);
    host.pin = spot && !same ? { map: k, ...spot } : null;
    redraw();
  };
}

/**
 * What map `k` draws over itself for `mark`: on the map that max-pool map `mark.map` pooled,
 * every window's winner in red and the marked window's in yellow; on the pool map, the marked
 * window outlined; on the others nothing (undefined).
 */
function overlayOf(view, mark, k) {
  if (mark?.map === k + 1) {
    const { switches, shape: [, oh, ow] } = view.maps[mark.map];
    return (ctx, { at, cell, w }) => {
      const [x0, y0] = at(mark.channel);
      for (let i = 0; i < oh * ow; i++) {
        const s = switches[mark.channel * oh * ow + i];
        ctx.fillStyle = i === mark.row * ow + mark.col ? INK.highlight : 'rgba(224, 49, 49, 0.85)';
        ctx.fillRect(x0 + (s % w) * cell, y0 + Math.floor(s / w) * cell, cell, cell);
      }
    };
  }
  if (mark?.map === k) {
    return (ctx, { at, cell }) => {
      const [x0, y0] = at(mark.channel);
      ctx.strokeStyle = INK.highlight;
      ctx.lineWidth = 2;
      ctx.strokeRect(x0 + mark.col * cell - 1, y0 + mark.row * cell - 1, cell + 2, cell + 2);
    };
  }
  return undefined;
}

/** The channel, row and column of an image map under a pointer event, or null. */
function hitTile(layout, canvas, event) {
  if (layout.flat) return null;
  const rect = canvas.getBoundingClientRect();
  const [x, y] = [event.clientX - rect.left, event.clientY - rect.top];
  for (let channel = 0; channel < layout.c; channel++) {
    const [x0, y0] = layout.at(channel);
    const col = Math.floor((x - x0) / layout.cell);
    const row = Math.floor((y - y0) / layout.cell);
    if (col >= 0 && col < layout.w && row >= 0 && row < layout.h) return { channel, row, col };
  }
  return null;
}
