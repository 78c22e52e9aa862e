// Images made on the page for one class: a burst of camera frames, or a drawing on the
// toolkit's pad. Each becomes a file (JPEG for a frame, PNG for a drawing) that goes the way
// every chosen file goes: decoded, preprocessed by the core, kept in this browser.
//
//   const camera = await openCamera(host, { className, onFiles, onMessage });   // throws CameraError
//   camera.close();
//   const drawing = openDrawing(host, { className, onFiles, onMessage });
import { drawPad } from '../../lib/drawpad.js';
import { el } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { capturedName } from './state.js';

/** Frames in a burst, and the time between them. */
export const BURST = 10;
const BURST_MS = 150;

/** A camera that could not be used, with the catalog key saying why and what to do. */
export class CameraError extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

/** The catalog key for a failed getUserMedia. */
function cameraProblem(err) {
  switch (err?.name) {
    case 'NotAllowedError': case 'SecurityError': return new CameraError('data.camera.denied');
    case 'NotFoundError': case 'OverconstrainedError': return new CameraError('data.camera.none');
    case 'NotReadableError': case 'AbortError': return new CameraError('data.camera.busy');
    default: return new CameraError('data.camera.failed', { reason: err?.message ?? String(err) });
  }
}

const toBlob = (canvas, type, quality) => new Promise((resolve, reject) => {
  canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the image'))), type, quality);
});

/** Opens the camera in `host` with its buttons; `onFiles(files)` gets each burst. */
export async function openCamera(host, { className, onFiles }) {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError(window.isSecureContext ? 'data.camera.none' : 'data.camera.insecure');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (err) {
    throw cameraProblem(err);
  }
  const video = el('video', { class: 'camera-video', autoplay: true, playsinline: true, muted: true, 'aria-label': t('data.camera.video', { name: className }) });
  video.srcObject = stream;
  const status = el('span', { class: 'capture-status', role: 'status' });
  const shoot = el('button', { type: 'button', class: 'primary', 'data-id': 'burst' }, t('data.camera.burst', { count: BURST }));
  const close = () => { for (const track of stream.getTracks()) track.stop(); panel.remove(); };
  const stop = el('button', { type: 'button', onclick: close }, t('data.camera.close'));
  const panel = el('div', { class: 'capture camera' }, video, el('div', { class: 'capture-tools' }, shoot, stop, status));
  host.replaceChildren(panel);
  await video.play().catch(() => {});
  let taken = 0;
  shoot.addEventListener('click', async () => {
    shoot.disabled = true;
    try {
      const files = await burst(video, (n) => { status.textContent = t('data.camera.taking', { n, count: BURST }); }, taken);
      taken += files.length;
      status.textContent = t('data.camera.taken', { count: files.length, name: className });
      onFiles(files);
    } catch (err) {
      status.textContent = t('data.camera.failed', { reason: err.message });
    } finally {
      shoot.disabled = false;
    }
  });
  return { close };
}

/** BURST frames of the video, BURST_MS apart, as JPEG files. */
async function burst(video, onFrame, offset) {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (!width || !height) throw new Error(t('data.camera.noPicture'));
  const canvas = el('canvas', { width, height });
  const ctx = canvas.getContext('2d');
  const files = [];
  const now = new Date();
  for (let i = 0; i < BURST; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, BURST_MS));
    ctx.drawImage(video, 0, 0, width, height);
    const blob = await toBlob(canvas, 'image/jpeg', 0.92);
    files.push(new File([blob], capturedName('camera', now, offset + i + 1, 'jpg'), { type: 'image/jpeg' }));
    onFrame(i + 1);
  }
  return files;
}

/** A drawing pad in `host` with "Add to class"; `onFiles([file])` gets each drawing as a PNG. */
export function openDrawing(host, { className, onFiles }) {
  const padHost = el('div', { class: 'capture-pad' });
  const status = el('span', { class: 'capture-status', role: 'status' });
  const addButton = el('button', { type: 'button', class: 'primary', 'data-id': 'addDrawing' }, t('data.draw.add', { name: className }));
  const close = () => panel.remove();
  const panel = el('div', { class: 'capture drawing' }, padHost,
    el('div', { class: 'capture-tools' }, addButton, el('button', { type: 'button', onclick: close }, t('data.draw.close')), status));
  host.replaceChildren(panel);
  const pad = drawPad(padHost, { size: 168, label: t('data.draw.label', { name: className }) });
  let drawn = 0;
  addButton.addEventListener('click', async () => {
    if (pad.inkShare() < 0.002) { status.textContent = t('data.draw.empty'); return; }
    const image = new ImageData(new Uint8ClampedArray(pad.rgba()), pad.canvas.width, pad.canvas.height);
    const canvas = el('canvas', { width: image.width, height: image.height });
    canvas.getContext('2d').putImageData(image, 0, 0);
    const blob = await toBlob(canvas, 'image/png');
    drawn++;
    onFiles([new File([blob], capturedName('drawing', new Date(), drawn, 'png'), { type: 'image/png' })]);
    pad.clear();
    status.textContent = t('data.draw.added', { count: drawn, name: className });
  });
  return { close };
}
