// Upload: refuse wrong types and sizes here, then per file POST /invoices and PUT the file to the presigned URL.
import { api } from './api.js';
import { h, errorText, say, uid } from './ui.js';

const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', tif: 'image/tiff', tiff: 'image/tiff', xml: 'application/xml' };
const PARALLEL = 3;

function contentTypeOf(name) {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? TYPES[m[1].toLowerCase()] : undefined;
}

/** PUT with XMLHttpRequest, since fetch reports no upload progress. Sends the signed headers as given. */
function put(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open(upload.method || 'PUT', upload.url);
    for (const [k, v] of Object.entries(upload.headers || {})) {
      // Content-Length is the browser's to set (it equals the file's size, as signed); setting it is refused.
      if (k.toLowerCase() !== 'content-length') x.setRequestHeader(k, v);
    }
    x.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    x.onload = () => (x.status >= 200 && x.status < 300 ? resolve()
      : reject(new Error(`The storage refused the file (HTTP ${x.status}).`)));
    x.onerror = () => reject(new Error('The file could not be sent (network error).'));
    x.onabort = () => reject(new Error('The upload was cancelled.'));
    x.send(file);
  });
}

export function renderUpload(root, { onCreated, onUploaded }) {
  const inputId = uid('files');
  const input = h('input', { id: inputId, type: 'file', multiple: true, class: 'visually-hidden', 'data-test': 'upload-input',
    accept: '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.xml,application/pdf,image/jpeg,image/png,image/tiff,application/xml,text/xml' });
  const zone = h('div', { class: 'dropzone', 'data-test': 'dropzone' },
    h('p', {}, 'Drop invoice files here or ', h('label', { for: inputId, class: 'button', text: 'choose files' }), input),
    h('p', { class: 'hint', text: 'PDF, JPEG, PNG, TIFF or e-invoice XML, up to 10 MB each.' }));
  const list = h('ul', { class: 'uploads', 'aria-live': 'polite', 'aria-label': 'Uploads' });
  root.append(h('section', { class: 'upload', 'aria-label': 'Upload invoices' }, h('h2', { text: 'Upload' }), zone, list));

  const queue = [];
  let running = 0;

  function row(file) {
    const status = h('span', { class: 'upload-status', 'data-test': 'upload-status', text: 'uploading' });
    const bar = h('progress', { max: 100, value: 0, 'aria-label': `Upload progress of ${file.name}` });
    const note = h('span', { class: 'note' });
    const li = h('li', { 'data-test': 'upload-row', 'data-file-name': file.name },
      h('span', { class: 'name', text: file.name }), status, bar, note);
    list.prepend(li);
    return {
      set(state, text = '') {
        status.textContent = state;
        li.dataset.state = state;
        note.textContent = text;
        if (state !== 'uploading') bar.hidden = state !== 'uploaded';
        if (state === 'uploaded') bar.value = 100;
      },
      progress(p) { bar.value = Math.round(p * 100); },
    };
  }

  async function send(file, r) {
    let created;
    try {
      const res = await api('POST', '/invoices', { body: { fileName: file.name, contentType: contentTypeOf(file.name), size: file.size } });
      created = res.data;
      onCreated(created, file);
      await put(created.upload, file, (p) => r.progress(p));
      r.set('uploaded', 'Being read…');
      onUploaded(created.invoiceId);
    } catch (err) {
      const text = err.code ? errorText(err) : err.message;
      r.set('failed', text);
      say(`${file.name}: ${text}`, 'error');
      if (created) onUploaded(created.invoiceId);
    }
  }

  function pump() {
    while (running < PARALLEL && queue.length) {
      const [file, r] = queue.shift();
      running++;
      send(file, r).finally(() => { running--; pump(); });
    }
  }

  function take(files) {
    const refused = [];
    for (const file of files) {
      const r = row(file);
      let why = '';
      if (!contentTypeOf(file.name)) why = 'Not a PDF, JPEG, PNG, TIFF or XML file.';
      else if (file.size > MAX_BYTES) why = `Larger than 10 MB (${(file.size / 1048576).toFixed(1)} MB).`;
      else if (file.size === 0) why = 'The file is empty.';
      if (why) { r.set('refused', why); refused.push(`${file.name}: ${why}`); } else queue.push([file, r]);
    }
    if (refused.length) say(`Refused — ${refused.join(' ')}`, 'error');
    pump();
  }

  input.addEventListener('change', () => {
    const files = Array.from(input.files || []);
    input.value = ''; // so the same file can be chosen again
    take(files);
  });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    take(Array.from((e.dataTransfer && e.dataTransfer.files) || []));
  });
}
