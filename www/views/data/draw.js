// The data view's drawing: preview grids (what the network receives, per class), the counts
// table of the split, the messages of the last action, the progress line. From the state
// (./state.js); the controller (./index.js) wires the events.
import { INK } from '../../lib/colors.js';
import { el, fitCanvas } from '../../lib/dom.js';
import { coreText, number, t } from '../../lib/i18n.js';
import { SHOWN_MESSAGES, message } from './state.js';

const CELL = 44;   // CSS px of a preview's longer side
const GAP = 4;

/**
 * Draws `count` previews (`rgba`: count x height x width x 4, one after another) into `canvas`
 * as a wrapping grid, each scaled to CELL px without smoothing, `selected` (an index) outlined.
 * Returns the layout `{perLine, cellW, cellH}` for `previewAt`.
 */
export function drawPreviews(canvas, { rgba, count, height, width }, selected = -1) {
  const scale = CELL / Math.max(height, width);
  const cellW = Math.max(1, Math.round(width * scale));
  const cellH = Math.max(1, Math.round(height * scale));
  const available = canvas.parentElement?.clientWidth || 300;
  const perLine = Math.max(1, Math.floor((available + GAP) / (cellW + GAP)));
  const lines = Math.max(1, Math.ceil(count / perLine));
  const { ctx } = fitCanvas(canvas, lines * (cellH + GAP), Math.min(count, perLine) * (cellW + GAP) || cellW);
  ctx.imageSmoothingEnabled = false;
  const tile = document.createElement('canvas');
  tile.width = width;
  tile.height = height;
  const tileCtx = tile.getContext('2d');
  const size = height * width * 4;
  for (let i = 0; i < count; i++) {
    tileCtx.putImageData(new ImageData(rgba.slice(i * size, (i + 1) * size), width, height), 0, 0);
    const x = (i % perLine) * (cellW + GAP);
    const y = Math.floor(i / perLine) * (cellH + GAP);
    ctx.drawImage(tile, x, y, cellW, cellH);
    if (i === selected) {
      ctx.strokeStyle = INK.accent ?? '#3b5bdb';
      ctx.lineWidth = 3;
      ctx.strokeRect(x + 1.5, y + 1.5, cellW - 3, cellH - 3);
    }
  }
  return { perLine, cellW, cellH, count };
}

/** The index of the preview under a pointer event, or -1. */
export function previewAt(canvas, event, layout) {
  const rect = canvas.getBoundingClientRect();
  const col = Math.floor((event.clientX - rect.left) / (layout.cellW + GAP));
  const row = Math.floor((event.clientY - rect.top) / (layout.cellH + GAP));
  const index = row * layout.perLine + col;
  return col < layout.perLine && index >= 0 && index < layout.count ? index : -1;
}

/** The split's table: class, images, train, test (and the totals). */
export function countsTable(counts) {
  const total = counts.reduce((s, c) => ({ train: s.train + c.train, test: s.test + c.test }), { train: 0, test: 0 });
  const row = (name, train, test, tag = 'td') => el('tr', {}, el(tag, {}, name), el('td', { class: 'num' }, number(train + test)),
    el('td', { class: 'num' }, number(train)), el('td', { class: 'num' }, number(test)));
  return el('table', { class: 'counts', 'data-id': 'countsTable' },
    el('thead', {}, el('tr', {}, ...['data.split.class', 'data.split.images', 'data.split.train', 'data.split.test'].map((k) => el('th', {}, t(k))))),
    el('tbody', {}, counts.map((c) => row(c.name, c.train, c.test))),
    el('tfoot', {}, row(t('data.split.total'), total.train, total.test, 'th')));
}

/**
 * The messages of the last action: each group a box (error or info) with its first
 * SHOWN_MESSAGES lines and the rest behind "and N more".
 */
export function messageBoxes(groups) {
  return groups.filter((g) => g.items.length).map((group) => {
    const lines = group.items.map((m) => el('li', {}, message(t, m)));
    const list = el('ul', {}, lines.slice(0, SHOWN_MESSAGES));
    const more = lines.length > SHOWN_MESSAGES
      ? el('details', {}, el('summary', {}, t('data.report.more', { count: lines.length - SHOWN_MESSAGES })), el('ul', {}, lines.slice(SHOWN_MESSAGES)))
      : null;
    return el('div', { class: `data-message ${group.kind}`, role: group.kind === 'error' ? 'alert' : 'status' },
      group.title ? el('strong', {}, message(t, group.title)) : null, list, more);
  });
}

/** The progress line's text for `busy` ({what, done, total, added, failed}). */
export function progressText(busy) {
  const what = { open: 'data.progress.open', add: 'data.progress.add', importZip: 'data.progress.add', configure: 'data.progress.configure', exportZip: 'data.progress.export' }[busy.what] ?? 'data.progress.other';
  return t(what, { done: number(busy.done ?? 0), total: number(busy.total ?? 0), failed: number(busy.failed ?? 0) });
}

/** The warnings of the dataset (few images, unbalanced) and the split's refusal, as list items. */
export function warningItems(summary, split) {
  const items = (summary?.warnings ?? []).map((w) => el('li', { class: 'warn' }, coreText(w)));
  if (split?.error) items.unshift(el('li', { class: 'refused' }, message(t, split.error)));
  return items;
}
