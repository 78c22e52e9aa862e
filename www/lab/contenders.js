// The contenders editor shared by the race and the surface view: 2 to 5 optimizers, each a
// type and its hyperparameters. Every row is checked by the core (checkOptimizer), and a bad
// field says what to change; only a complete, valid list is passed on.

export const COLORS = ['#3b5bdb', '#e8590c', '#2b8a3e', '#ae3ec9', '#0c8599'];
export const TYPES = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];
const FIELDS = {
  sgd: ['lr'],
  momentum: ['lr', 'momentum'],
  adagrad: ['lr'],
  rmsprop: ['lr', 'alpha'],
  adam: ['lr', 'beta1', 'beta2'],
};
const LABELS = { lr: 'learning rate', momentum: 'momentum', alpha: 'alpha', beta1: 'beta1', beta2: 'beta2' };

/** An f32 from the core in its short decimal form: 0.001, not 0.0010000000474974513. */
export const tidy = (x) => Number(Number(x).toPrecision(7));

/** The shortest name for a contender, for legends: "adam 0.001". */
export const shortName = (opt) => `${opt.type} ${tidy(opt.lr)}`;

/** A short name for a contender: "adam lr 0.001" (plus what differs from the defaults). */
export function contenderName(opt) {
  const extra = FIELDS[opt.type].slice(1).map((k) => `${k} ${tidy(opt[k])}`).join(', ');
  return `${opt.type} lr ${tidy(opt.lr)}${extra ? ` (${extra})` : ''}`;
}

/**
 * Draws the editor into `host`. `contenders` are optimizer specs with defaults written out;
 * `onChange(list)` gets the new valid list after every accepted edit.
 */
export function contendersEditor(host, core, contenders, onChange) {
  let list = contenders.map((c) => ({ ...c }));
  const rows = document.createElement('div');
  rows.className = 'contenders';
  const add = button('+ Add contender', () => {
    list.push(core.checkOptimizer({ type: 'adam', lr: list[0]?.lr ?? 0.001 }));
    draw();
    onChange(list);
  });
  add.className = 'add';
  host.replaceChildren(rows, add);

  function draw() {
    rows.replaceChildren(...list.map((opt, i) => row(opt, i)));
    add.disabled = list.length >= 5;
  }

  function row(opt, index) {
    const el = document.createElement('div');
    el.className = 'contender';
    el.dataset.index = index;
    el.style.setProperty('--color', COLORS[index]);
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const type = document.createElement('select');
    type.setAttribute('aria-label', `contender ${index + 1} optimizer`);
    type.append(...TYPES.map((t) => new Option(t, t, false, t === opt.type)));
    type.addEventListener('change', () => {
      list[index] = core.checkOptimizer({ type: type.value, lr: opt.lr, weight_decay: opt.weight_decay });
      draw();
      onChange(list);
    });
    const error = document.createElement('div');
    error.className = 'error-text';
    const fields = FIELDS[opt.type].map((key) => field(`${LABELS[key]}`, opt[key], (input) => {
      const candidate = { ...list[index], [key]: input.value.trim() === '' ? NaN : Number(input.value) };
      try {
        if (!Number.isFinite(candidate[key])) throw new Error(notANumber(core, candidate, key, input.value.trim()));
        list[index] = core.checkOptimizer(candidate);
        input.removeAttribute('aria-invalid');
        error.textContent = '';
        onChange(list);
      } catch (err) {
        input.setAttribute('aria-invalid', 'true');
        error.textContent = err.message;
      }
    }, index));
    const remove = button('✕', () => {
      list.splice(index, 1);
      draw();
      onChange(list);
    });
    remove.className = 'remove';
    remove.title = remove.ariaLabel = `remove contender ${index + 1}`;
    remove.disabled = list.length <= 2;
    el.append(swatch, type, ...fields, remove, error);
    return el;
  }

  draw();
  return {
    set(next) { list = next.map((c) => ({ ...c })); draw(); },
    get: () => list,
  };
}

/**
 * The message for a field that is not a number, with the range the core allows: the core is
 * asked about -1, outside every hyperparameter's range ("optimizer (sgd): lr must be greater
 * than 0, like 0.01, not -1"), and its answer names the typed text instead.
 */
function notANumber(core, candidate, key, text) {
  const typed = text === '' ? 'empty' : `"${text}"`;
  try {
    core.checkOptimizer({ ...candidate, [key]: -1 });
  } catch (err) {
    return err.message.replace(/, not -1$/, `, not ${typed}`);
  }
  return `${key} must be a number, not ${typed}`;
}

function field(label, value, onInput, index) {
  const wrap = document.createElement('label');
  wrap.className = 'field';
  const input = document.createElement('input');
  input.type = 'text';
  input.inputMode = 'decimal';
  input.value = String(tidy(value));
  input.size = 6;
  input.setAttribute('aria-label', `contender ${index + 1} ${label}`);
  input.addEventListener('input', () => onInput(input));
  wrap.append(label, input);
  return wrap;
}

export function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
