// The race's settings: the numeric fields (batch, seed, steps, test every: ranges from the
// core's link keys), and the network: its layers read-only with the core's shapes and
// parameter counts, a button that takes the Train view's network, and the compact text to
// edit by hand. Every value is checked by the core's link parser; a bad one says what to change.
import { el } from '../../lib/dom.js';
import { coreText, number, t } from '../../lib/i18n.js';
import { lastLink } from '../../lib/link.js';
import { REFERENCE_NETWORK } from '../../lib/reference-network.js';

/** The numeric settings: link key and catalog key of the label. */
const NUMBERS = [['batch', 'race.batch'], ['seed', 'race.seed'], ['steps', 'race.steps'], ['eval', 'race.eval']];

/** Marks `input` as in error with `message` ('' clears it). */
function flag(input, error, message) {
  input.toggleAttribute('aria-invalid', Boolean(message));
  error.textContent = message;
}

/** A link warning of the core without its link-only tail ("; batch keeps its default"), in the page's language. */
const bare = (w) => (w.code === 'link.keepsDefault' ? t('core.place', { place: `${w.key}=${w.value}`, text: coreText(w.params.reason) }) : coreText(w));

/**
 * The numeric fields in `host`. `apply(change)` tries a change of the state and returns the
 * core's message when it refuses it ('' when accepted); `after()` runs after every edit.
 */
export function numberFields(host, core, state, { apply, after }) {
  const keys = core.describeSchema().link.keys;
  host.replaceChildren(...NUMBERS.map(([key, label]) => {
    const { min, max } = keys.find((k) => k.name === key);
    const input = el('input', { type: 'text', inputmode: 'numeric', value: String(state()[key]), spellcheck: 'false', 'data-id': `${key}Field`, 'aria-label': t(label) });
    const error = el('div', { class: 'error-text' });
    input.addEventListener('change', () => {
      const text = input.value.trim();
      // empty: say so; anything else: the core's link parser names the key and its range
      // ("batch=abc: not a whole number: use a whole number from 1 to 4096")
      const warning = text === '' ? null : core.parseLink(`${key}=${encodeURIComponent(text)}`).warnings[0];
      const message = text === '' ? t('race.fieldEmpty', { field: t(label), min, max })
        : warning ? bare(warning) : apply({ [key]: Number(text) });
      flag(input, error, message);
      after();
    });
    return el('label', { class: `field ${key}-field`, title: key === 'eval' ? t('race.evalTitle') : null }, t(label), input, error);
  }));
}

/** Rows of the network's layers: index, compact item, output shape, parameters (the core's). */
export function layerRows(core, state) {
  const items = state.net.split(',').slice(1);   // the compact form, one item per layer
  return core.describeNetwork(state.network).map((layer, i) => el('tr', {},
    el('td', {}, String(layer.index)),
    el('td', { class: 'mono' }, items[i] ?? layer.type),
    el('td', { class: 'mono' }, Object.values(layer.outputShape).join(' × ')),
    el('td', { class: 'mono' }, number(layer.parameters))));
}

/** The total parameter count, in words. */
export function parameterTotal(core, state) {
  const count = core.describeNetwork(state.network).reduce((n, layer) => n + layer.parameters, 0);
  return t('race.totalParameters', { count: number(count) });
}

/**
 * The Train view's network as the race's compact `net`: from the Train view's last link in
 * this tab, else the network it starts with (the reference network). Returns {net, message},
 * or {error} when the race cannot use it (the race reads 1 x 28 x 28 digits into 10 classes).
 */
export function trainNetwork(core) {
  const hash = lastLink('train');
  const known = Boolean(hash) && new URLSearchParams(hash).has('net');
  const link = known ? hash : core.formatLink({ view: 'race', network: REFERENCE_NETWORK });
  const { state, warnings } = core.parseLink(link);
  const bad = warnings.find((w) => w.key === 'net');
  if (bad) return { error: t('race.trainNetworkUnfit', { reason: bare(bad) }) };
  return { net: state.net, message: t(known ? 'race.took' : 'race.tookDefault') };
}

/** The compact text field of the network; a bad one gets the core's reason. */
export function netField(input, error, core, { apply, after }) {
  input.addEventListener('change', () => {
    const text = input.value.trim();
    const warning = core.parseLink(`net=${encodeURIComponent(text)}`).warnings[0];
    flag(input, error, text === '' ? t('race.netEmpty') : warning ? bare(warning) : apply({ net: text }));
    after();
  });
}
