// The race view's markup: texts as catalog keys (data-t), elements by data-id. The play bar
// comes first, so that a narrow screen (a phone, an embed in course notes) has Start at the top.
export const TEMPLATE = `
<section class="lab race-view" data-id="view">
  <div class="lab-warnings" role="alert" data-id="warnings" hidden></div>
  <div data-id="guide"></div>
  <div data-id="missing"></div>
  <div class="panel race-bar">
    <button type="button" class="primary" data-id="play"></button>
    <button type="button" data-id="stop" data-t="race.stop"></button>
    <span class="progress mono" role="status" data-id="progress"></span>
    <p class="changed" role="status" data-id="changed" data-t="race.changed" hidden></p>
    <div class="race-loading" data-id="loading"></div>
  </div>
  <div class="lab-grid">
    <div class="charts">
      <div class="panel chart">
        <div class="chart-head">
          <h2 data-t="race.lossTitle"></h2>
          <span class="axis-toggle" role="group" data-t-aria-label="race.smoothing">
            <button type="button" data-id="smoothOn"></button><button type="button" data-id="smoothOff" data-t="race.smoothRaw"></button>
          </span>
          <span class="axis-toggle" role="group" data-t-aria-label="race.axis">
            <button type="button" data-id="axisStep" data-t="race.axisStep"></button><button type="button" data-id="axisTime" data-t="race.axisTime"></button>
          </span>
        </div>
        <div data-id="lossChart"></div>
        <p class="chart-empty" data-id="lossEmpty" data-t="race.lossEmpty"></p>
      </div>
      <div class="panel chart">
        <div class="chart-head"><h2 data-id="accuracyTitle"></h2></div>
        <div data-id="accuracyChart"></div>
        <p class="chart-empty" data-id="accuracyEmpty" data-t="race.accuracyEmpty"></p>
      </div>
      <div class="panel">
        <h2 data-t="race.standings"></h2>
        <div class="standings-wrap"><table class="legend standings">
          <thead><tr>
            <th data-t="race.colContender"></th><th data-t="race.colStep"></th>
            <th data-t="race.colTrainLoss" data-id="colTrainLoss"></th>
            <th data-t="race.colTestLoss" data-t-title="race.colTestLossTitle"></th>
            <th data-t="race.colAccuracy"></th><th data-t="race.colTime"></th><th data-t="race.colStatus"></th>
          </tr></thead>
          <tbody data-id="standings"></tbody>
        </table></div>
        <p class="hint" data-id="lossNote"></p>
      </div>
    </div>
    <div class="panel controls settings" data-id="controls">
      <h2 data-t="race.settings"></h2>
      <div class="row data-row" data-id="dataRow"></div>
      <p class="error-text" role="alert" data-id="dataProblem"></p>
      <div class="row" data-id="numbers"></div>
      <h3 data-t="race.network"></h3>
      <div class="layers-wrap"><table class="legend layers">
        <thead><tr><th>#</th><th data-t="race.layer"></th><th data-t="race.output"></th><th data-t="race.parameters"></th></tr></thead>
        <tbody data-id="layers"></tbody>
      </table></div>
      <p class="hint" data-id="paramTotal"></p>
      <div class="row"><button type="button" data-id="takeTrain" data-t="race.takeTrain" data-t-title="race.takeTrainTitle"></button></div>
      <p class="hint" role="status" data-id="takeStatus"></p>
      <details class="net-text">
        <summary data-t="race.editNet"></summary>
        <label class="field net-field"><span data-t="race.netLabel"></span>
          <input type="text" class="mono" data-id="net" spellcheck="false" data-t-aria-label="race.netLabel">
          <span class="error-text" data-id="netError"></span></label>
      </details>
      <h3 data-t="race.contenders"></h3>
      <div data-id="contenders"></div>
      <p class="hint" data-t="race.hint"></p>
      <div data-id="share"></div>
    </div>
  </div>
</section>`;
