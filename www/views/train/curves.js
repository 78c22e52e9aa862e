// The loss and test accuracy chart: every step's training loss (faint) and its smoothed line
// on the left axis, the test accuracy at the evaluation steps on the right axis, stretched
// toward 100% (state.js: accuracyToAxis) so that 90% to 99% is half the chart.
//
//   const curves = createCurves(host);
//   curves.update(state.curves, smoothing);   // smoothing in [0, 1): the weight of the moving average
//   curves.relabel(); curves.destroy();
import { lineChart } from '../../lib/chart.js';
import { SERIES } from '../../lib/colors.js';
import { number, t } from '../../lib/i18n.js';
import { ACCURACY_TICKS, accuracyToAxis, axisToAccuracy, smooth, thin } from './state.js';

const MAX_POINTS = 4000;   // of the raw loss drawn: a long run is thinned for drawing, not for smoothing
const percent = (y) => number(axisToAccuracy(y), { style: 'percent', maximumFractionDigits: axisToAccuracy(y) > 0.99 ? 1 : 0 });

function series() {
  return [
    { label: t('train.chart.loss'), color: `${SERIES[1]}59`, width: 1 },
    { label: t('train.chart.smoothed'), color: SERIES[1], width: 2 },
    { label: t('train.chart.accuracy'), color: SERIES[2], axis: 'y2', width: 2, points: true, format: percent },
  ];
}

const FLOOR = accuracyToAxis(0.99);

/**
 * The chart's options; the accuracy axis reaches `top` (99%, more once the accuracy passes
 * it); before the first step the loss axis shows 0 to ln 10 (an untrained network's loss).
 */
function options(top, empty) {
  return {
    height: 220,
    ariaLabel: t('train.chart.label'),
    x: { label: t('train.chart.step'), integer: true, min: 0 },
    y: { label: t('train.chart.lossAxis'), min: 0, max: empty ? 2.5 : undefined },
    y2: { label: t('train.chart.accuracyAxis'), min: 0, max: top, splits: ACCURACY_TICKS, format: percent },
    series: series(),
  };
}

/** The chart in `host`; see the top of this file. */
export function createCurves(host) {
  let [top, empty] = [FLOOR, true];
  let chart = lineChart(host, options(top, empty));
  let last = null;
  const draw = (curves, smoothing) => {
    last = [curves, smoothing];
    const { steps, losses, accuracy } = curves;
    const highest = Math.max(FLOOR, ...accuracy.map(([, a]) => accuracyToAxis(a)));
    if (highest !== top || empty !== !losses.length) {   // past 99%, the first loss, or a new run: the axes follow
      [top, empty] = [highest, !losses.length];
      chart.destroy();
      chart = lineChart(host, options(top, empty));
    }
    chart.update([thin(steps, losses, MAX_POINTS), thin(steps, smooth(losses, smoothing), MAX_POINTS), accuracy.map(([s, a]) => [s, accuracyToAxis(a)])]);
  };
  return {
    update: draw,
    get element() { return chart.element; },
    relabel() {
      chart.destroy();
      chart = lineChart(host, options(top, empty));
      if (last) draw(...last);
    },
    destroy: () => chart.destroy(),
  };
}
