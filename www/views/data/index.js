// The data view (controller): which dataset every view trains on (the digits, the colour
// shapes or the user's own images, kept in the link as data=), and the own images themselves:
// a folder per class, files, the camera, drawings; what the network receives; the split.
// The images live in the images worker (./images.js, ./worker.js); ./own.js handles the own
// dataset's actions, ./builtin.js shows the built-in sets, ./draw.js and ./card.js draw.
import { template } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { readLink, writeLink } from '../../lib/link.js';
import { showBuiltin } from './builtin.js';
import { mountOwn } from './own.js';
import { SOURCES, createState } from './state.js';

const TEMPLATE = `
<section class="data-view">
  <div class="lab-warnings" role="alert" data-id="warnings" hidden></div>
  <div class="panel data-source">
    <h2 data-t="data.title"></h2>
    <div class="source-choice" role="radiogroup" data-t-aria-label="data.source">
      ${SOURCES.map((s) => `<label class="source-option"><input type="radio" name="data-source" value="${s}" data-id="source-${s}"> <span><strong data-t="data.source.${s}"></strong><br><span class="hint" data-t="data.source.${s}About"></span></span></label>`).join('')}
    </div>
    <p class="privacy" data-t="data.privacy"></p>
    <p class="to-train"><a data-id="toTrain"></a></p>
  </div>
  <div class="panel builtin" data-id="builtin" hidden></div>
  <div class="own" data-id="own" hidden></div>
</section>`;

export default {
  styles: [new URL('../../lab/lab.css', import.meta.url), new URL('./data.css', import.meta.url)],
  linked: true,
  mount,
};

function mount(root, { core, showBanner }) {
  const $ = template(root, TEMPLATE);
  const view = { $, core, showBanner, state: createState(readLink(core, 'data', $.warnings)), own: null, builtin: null };
  for (const source of SOURCES) {
    const radio = $[`source-${source}`];
    radio.checked = view.state.link.data === source;
    radio.addEventListener('change', () => { if (radio.checked) choose(view, source); });
  }
  choose(view, view.state.link.data);
  return {
    unmount() { view.own?.unmount(); view.builtin?.stop(); },
    relabel() { view.own?.relabel(); view.builtin?.relabel(); trainLink(view); },
  };
}

/** Shows the dataset `source` and keeps it in the link. */
function choose(view, source) {
  const { $, state, core } = view;
  state.link.data = source;
  writeLink(core, { view: 'data', data: source });
  trainLink(view);
  $.builtin.hidden = source === 'own';
  $.own.hidden = source !== 'own';
  view.builtin?.stop();
  view.builtin = null;
  if (source === 'own') {
    view.own ??= mountOwn($.own, { core, state, showBanner: view.showBanner });
    view.own.show();
  } else {
    view.builtin = showBuiltin($.builtin, core, source);
  }
}

/** "Train on it": the Train view with this dataset. */
function trainLink(view) {
  const { link } = view.state;
  view.$.toTrain.href = `#${view.core.formatLink({ view: 'train', data: link.data })}`;
  view.$.toTrain.textContent = t(`data.toTrain.${link.data}`);
}
