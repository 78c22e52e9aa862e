// The Train view's markup: every text a catalog key (data-t*), every element the code needs
// a data-id. `data-image-keys` lists the attributes (text, title, aria-label) whose key has an
// image variant (train.image.*) used for the colour shapes and own images. Two columns at
// desktop width (controls, settings and network on the left; what the network does on the
// right), one on a phone, controls and curves first (train.css).
// The Save and export panel is files.js's; the notices of a restored or kept run restore.js's.
export const TEMPLATE = `
<div class="train">
  <div class="train-top">
    <div class="train-warnings" role="alert" data-id="warnings" hidden></div>
    <p class="notice" data-id="restored" role="status" hidden><span data-id="restored-text"></span> <button type="button" data-id="restored-discard" data-t="save.discard" data-t-title="save.discardTitle"></button></p>
    <div class="notice kept-runs" data-id="kept-runs" role="status" hidden></div>
    <div data-id="guide"></div>
    <div data-id="missing"></div>
  </div>
  <div class="drop-overlay" data-id="drop-overlay" hidden><p data-t="save.dropHere"></p></div>
  <div class="train-left">
  <section class="panel controls" data-t-aria-label="train.panel.training">
    <div class="buttons">
      <button type="button" class="primary" data-id="play"></button>
      <button type="button" data-id="step" data-t="train.step" data-t-title="train.stepTitle"></button>
      <button type="button" data-id="reset" data-t="train.reset" data-t-title="train.resetTitle"></button>
      <span class="status muted" data-id="status" aria-live="polite"></span>
    </div>
    <div data-id="loading"></div>
    <p class="notice" data-id="notice" role="status" hidden><span data-id="notice-text"></span> <button type="button" data-id="undo" data-t="train.undo.button"></button></p>
    <dl class="stats mono">
      <div><dt data-t="train.stat.step"></dt><dd data-id="steps">0</dd></div>
      <div><dt data-t="train.stat.epoch"></dt><dd data-id="epoch">0</dd></div>
      <div><dt data-t="train.stat.seen"></dt><dd data-id="seen">0</dd></div>
      <div><dt data-t="train.stat.rate"></dt><dd data-id="rate">–</dd></div>
      <div data-t-title="train.stat.workersTitle"><dt data-t="train.stat.workers"></dt><dd data-id="workers">–</dd></div>
      <div><dt data-id="accuracy-label" data-t="train.stat.accuracy"></dt><dd data-id="accuracy">–</dd></div>
      <div><dt data-t="train.stat.loss"></dt><dd data-id="testloss">–</dd></div>
    </dl>
    <p class="divergence" data-id="divergence" role="alert" hidden></p>
  </section>
  <section class="panel files" data-id="files-panel" data-t-aria-label="save.panel"><h2 data-t="save.panel"></h2>
    <div class="buttons">
      <button type="button" data-id="save" data-t="save.save" data-t-title="save.saveTitle"></button>
      <button type="button" data-id="load" data-t="save.load" data-t-title="save.loadTitle"></button>
      <button type="button" data-id="import" data-t="save.import" data-t-title="save.importTitle"></button>
    </div>
    <div class="buttons">
      <button type="button" data-id="export-pytorch" data-t="save.pytorch" data-t-title="save.pytorchTitle"></button>
      <button type="button" data-id="export-onnx" data-t="save.onnx" data-t-title="save.onnxTitle"></button>
    </div>
    <input type="file" data-id="load-file" accept=".cnnp" data-t-aria-label="save.loadTitle" hidden><input type="file" data-id="import-file" accept=".safetensors" data-t-aria-label="save.importTitle" hidden>
    <details class="pytorch-help" data-id="pytorch-help"></details>
    <p class="muted small" data-t="save.dropHint"></p>
    <div class="files-busy small" data-id="files-busy" role="status" hidden><progress></progress> <span data-id="files-busy-text"></span></div>
    <p class="files-message small" data-id="files-message" role="status" aria-live="polite"></p>
    <p class="muted small" data-id="kept-status"></p>
  </section>
  <section class="panel settings" data-t-aria-label="train.panel.optimizer"><h2 data-t="train.panel.optimizer"></h2><div class="data-row" data-id="dataRow"></div><p class="error-text" role="alert" data-id="dataProblem"></p><div data-id="settings"></div>
    <p class="muted small" data-t="train.settings.note"></p><div data-id="share"></div></section>
  <section class="panel builder" data-t-aria-label="train.panel.network"><h2 data-t="train.panel.network"></h2><div data-id="builder"></div></section>
  </div>
  <div class="train-right">
  <section class="panel curves" data-t-aria-label="train.panel.curves"><h2 data-t="train.panel.curves"></h2>
    <div data-id="curves"></div>
    <div class="curve-tools"><label class="smoothing"><span data-t="train.smoothing"></span> <input type="range" data-id="smoothing" min="0" max="0.99" step="0.01" value="0.6" data-t-title="train.smoothingTitle"> <output class="mono" data-id="smoothing-value"></output></label>
      <span class="muted small" data-id="curve-note"></span></div>
    <details class="curve-numbers"><summary data-t="train.chart.numbers"></summary>
      <table class="mono"><thead><tr><th data-t="train.chart.step"></th><th data-t="train.chart.accuracy"></th><th data-t="train.stat.loss"></th></tr></thead><tbody data-id="accuracy-table"></tbody></table></details></section>
  <section class="panel kernels" data-t-aria-label="train.panel.kernels"><h2 data-t="train.panel.kernels"></h2><p class="muted small" data-t="train.kernels.note"></p><div data-id="kernels"></div>
    <h2 data-t="train.panel.dense"></h2><p class="muted small" data-t="train.dense.note" data-image-keys="text"></p><div data-id="dense"></div></section>
  <section class="panel digit" data-t-aria-label="train.panel.digit" data-image-keys="aria-label">
    <h2 data-t="train.panel.softmax"></h2>
    <div class="source" role="radiogroup" data-id="source" data-t-aria-label="train.source" data-image-keys="aria-label">
      <label><input type="radio" name="train-source" value="test" checked> <span data-t="train.source.test" data-image-keys="text"></span></label>
      <input type="number" data-id="index" min="0" value="0" data-t-aria-label="train.index" data-image-keys="aria-label">
      <button type="button" data-id="next" data-t="train.next" data-t-title="train.nextTitle" data-image-keys="title"></button>
      <label><input type="radio" name="train-source" value="drawing"> <span data-t="train.source.drawing"></span></label>
    </div>
    <p class="error-text" data-id="index-error"></p>
    <p class="mono small" data-id="digit-caption"></p>
    <p class="mono small" data-id="softmax-caption"></p><canvas data-id="softmax" role="img" data-t-aria-label="train.softmax.label" data-image-keys="aria-label"></canvas>
    <h2 data-t="train.panel.draw" data-image-keys="text"></h2>
    <div class="drawing"><div><div data-id="drawpad"></div><p class="muted small" data-t="train.draw.hint" data-image-keys="text"></p></div>
      <div><p class="mono small" data-t="train.draw.prepared" data-image-keys="text"></p><canvas data-id="prepared" width="28" height="28" class="prepared" role="img" data-t-aria-label="train.draw.preparedLabel" data-image-keys="aria-label"></canvas>
        <p class="small draw-message" data-id="draw-message" aria-live="polite"></p></div></div>
  </section>
  <section class="panel maps" data-t-aria-label="train.panel.maps"><h2 data-t="train.panel.maps"></h2><p class="muted small" data-t="train.maps.note" data-image-keys="text"></p><div data-id="maps"></div></section>
  </div>
  <section class="panel" data-id="evaluation" data-t-aria-label="eval.title"></section>
</div>`;
