// The "Declare model" form (client/src/declareForm/declareFormView.ts). Runs under a nonce CSP
// with no inline handlers. Every value from the extension (catalog owners, entry fields, messages,
// the YAML preview) is set with textContent or .value, never as markup: a catalog file from a
// cloned repository may hold `<script>`, and it must show as text.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  let draft;
  let choices;
  let trusted = true;
  /** Error spans by field key (`id`, `environments.0.tier`...), refilled at each render. */
  let errorSpans = new Map();
  let markSpans = new Map();
  let preview;
  let status;
  let general;
  let saveButton;

  const LABELS = {
    id: 'Id', title: 'Title', businessUse: 'Business use', ownerBusiness: 'Business owner', ownerTechnical: 'Technical owner',
    criticality: 'Criticality', lifecycle: 'Lifecycle', environments: 'Environments', task: 'Task', format: 'Format',
    trainingData: 'Training data', assumptions: 'Assumptions', limitations: 'Limitations', matchPaths: 'Match paths', hfRepos: 'Hugging Face repositories', mlflowNames: 'MLflow registered model names', names: 'Model names in code',
  };
  const HINTS = {
    id: 'Lowercase letters, digits, ".", "_" or "-"; also the file name.',
    ownerBusiness: 'user:<id>, group:<id> or an email address.',
    ownerTechnical: 'user:<id>, group:<id> or an email address.',
    assumptions: 'One per line.',
    limitations: 'One per line.',
    matchPaths: 'Globs of the saved files, relative to the folder holding .mlcatalog/, one per line.',
    hfRepos: 'org/name, one per line.',
    mlflowNames: 'registered_model_name values, one per line.',
    names: 'Variable or function names, suggested when a save is linked; one per line.',
    format: 'The artifact format the code saves (recorded as a comment).',
  };

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === undefined) continue;
      node.setAttribute(k, v === true ? '' : String(v));
    }
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function send(type) {
    vscode.postMessage({ type, draft });
  }

  function errorSpan(key) {
    const span = el('span', { id: `err-${key}`, class: 'error', role: 'alert' });
    errorSpans.set(key, span);
    return span;
  }

  function labelFor(key, forId) {
    const label = el('label', { for: forId }, LABELS[key] || key);
    const mark = el('span', { class: 'mark' });
    markSpans.set(key, mark);
    label.appendChild(mark);
    return label;
  }

  function described(key, input) {
    const ids = [`err-${key}`];
    if (HINTS[key]) ids.push(`hint-${key}`);
    input.setAttribute('aria-describedby', ids.join(' '));
    return input;
  }

  function hint(key) {
    return HINTS[key] ? el('span', { id: `hint-${key}`, class: 'hint' }, HINTS[key]) : null;
  }

  function field(key, input) {
    const row = el('div', { class: 'field' });
    row.appendChild(labelFor(key, input.id));
    row.appendChild(described(key, input));
    const h = hint(key);
    if (h) row.appendChild(h);
    row.appendChild(errorSpan(key));
    return row;
  }

  function text(key, opts) {
    const input = el(opts && opts.multiline ? 'textarea' : 'input', { id: `f-${key}`, name: key, list: opts && opts.list, rows: opts && opts.multiline ? 3 : undefined, type: opts && opts.multiline ? undefined : 'text', autocomplete: 'off', spellcheck: opts && opts.multiline ? 'true' : 'false' });
    input.value = draft[key];
    input.addEventListener('input', () => {
      draft[key] = input.value;
      send('change');
    });
    return field(key, input);
  }

  function lines(key) {
    const input = el('textarea', { id: `f-${key}`, name: key, rows: 3 });
    input.value = draft[key].join('\n');
    input.addEventListener('input', () => {
      draft[key] = input.value.split('\n');
      send('change');
    });
    return field(key, input);
  }

  function select(id, values, value, onChange, label, allowEmpty) {
    const s = el('select', { id, 'aria-label': label });
    if (allowEmpty) s.appendChild(el('option', { value: '' }, '(not set)'));
    for (const v of values) {
      const o = el('option', { value: v }, v);
      if (v === value) o.selected = true;
      s.appendChild(o);
    }
    if (!values.includes(value) && value && !allowEmpty) {
      const o = el('option', { value }, value);
      o.selected = true;
      s.appendChild(o);
    }
    s.addEventListener('change', () => onChange(s.value));
    return s;
  }

  function choiceField(key, allowEmpty) {
    const s = select(`f-${key}`, choices[key], draft[key], (v) => {
      draft[key] = v;
      send('change');
    }, undefined, allowEmpty);
    s.removeAttribute('aria-label');
    return field(key, s);
  }

  function button(label, onClick, attrs) {
    const b = el('button', Object.assign({ type: 'button' }, attrs || {}), label);
    b.addEventListener('click', onClick);
    return b;
  }

  /** A list of rows (environments, training data) with add and remove buttons. */
  function rows(key, makeRow, blank, noun) {
    const group = el('fieldset', { class: 'rows', id: `f-${key}`, 'aria-describedby': `err-${key}` });
    const legend = el('legend', {}, LABELS[key]);
    const mark = el('span', { class: 'mark' });
    markSpans.set(key, mark);
    legend.appendChild(mark);
    group.appendChild(legend);
    draft[key].forEach((item, i) => {
      const row = el('div', { class: 'row', role: 'group', 'aria-label': `${noun} ${i + 1}` });
      makeRow(row, item, i);
      row.appendChild(button('Remove', () => {
        draft[key].splice(i, 1);
        send('change');
        render();
        focus(`add-${key}`);
      }, { 'aria-label': `Remove ${noun} ${i + 1}`, class: 'secondary' }));
      group.appendChild(row);
    });
    group.appendChild(button(`Add ${noun}`, () => {
      draft[key].push(blank());
      send('change');
      render();
      const first = document.querySelector(`[data-row="${key}.${draft[key].length - 1}"]`);
      if (first) first.focus();
    }, { id: `add-${key}` }));
    group.appendChild(errorSpan(key));
    return group;
  }

  function rowInput(key, i, prop, item, label) {
    const id = `f-${key}.${i}.${prop}`;
    const input = el('input', { id, type: 'text', 'aria-label': `${label} (${i + 1})`, 'data-row': `${key}.${i}`, 'aria-describedby': `err-${key}.${i}.${prop}`, placeholder: label });
    input.value = item[prop];
    input.addEventListener('input', () => {
      item[prop] = input.value;
      send('change');
    });
    return input;
  }

  function rowSelect(key, i, prop, item, values, label, allowEmpty) {
    const s = select(`f-${key}.${i}.${prop}`, values, item[prop], (v) => {
      item[prop] = v;
      send('change');
    }, `${label} (${i + 1})`, allowEmpty);
    s.setAttribute('data-row', `${key}.${i}`);
    s.setAttribute('aria-describedby', `err-${key}.${i}.${prop}`);
    return s;
  }

  function focus(id) {
    const node = document.getElementById(id);
    if (node) node.focus();
  }

  function render() {
    errorSpans = new Map();
    markSpans = new Map();
    app.textContent = '';
    const form = el('form', { 'aria-label': 'Declare a model in the catalog', novalidate: true });
    form.addEventListener('submit', (e) => e.preventDefault());
    general = el('div', { class: 'general', role: 'alert' });
    form.appendChild(general);

    const owners = el('datalist', { id: 'owners' });
    for (const o of state.owners) owners.appendChild(el('option', { value: o }));
    form.appendChild(owners);

    form.appendChild(text('id'));
    form.appendChild(text('title'));
    form.appendChild(text('businessUse', { multiline: true }));
    form.appendChild(text('ownerBusiness', { list: 'owners' }));
    form.appendChild(text('ownerTechnical', { list: 'owners' }));
    form.appendChild(choiceField('criticality'));
    form.appendChild(rows('environments', (row, item, i) => {
      row.appendChild(rowSelect('environments', i, 'tier', item, choices.tier, 'Tier'));
      row.appendChild(rowSelect('environments', i, 'runtime', item, choices.runtime, 'Runtime', true));
      row.appendChild(rowInput('environments', i, 'location', item, 'Location'));
      for (const p of ['tier', 'runtime', 'location']) row.appendChild(errorSpan(`environments.${i}.${p}`));
    }, () => ({ tier: 'development', runtime: '', location: '' }), 'environment'));
    form.appendChild(choiceField('lifecycle'));
    form.appendChild(text('task'));
    form.appendChild(choiceField('format', true));
    form.appendChild(rows('trainingData', (row, item, i) => {
      row.appendChild(rowInput('trainingData', i, 'id', item, 'Dataset id'));
      row.appendChild(rowInput('trainingData', i, 'uri', item, 'URI'));
      row.appendChild(rowSelect('trainingData', i, 'classification', item, choices.classification, 'Classification'));
      const id = `f-trainingData.${i}.personalData`;
      const box = el('input', { id, type: 'checkbox', 'data-row': `trainingData.${i}` });
      box.checked = item.personalData;
      box.addEventListener('change', () => {
        item.personalData = box.checked;
        send('change');
      });
      const label = el('label', { for: id, class: 'inline' });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' holds personal data'));
      row.appendChild(label);
      for (const p of ['id', 'uri', 'classification', 'personalData']) row.appendChild(errorSpan(`trainingData.${i}.${p}`));
    }, () => ({ id: '', uri: '', classification: 'internal', personalData: false }), 'dataset'));
    form.appendChild(lines('assumptions'));
    form.appendChild(lines('limitations'));
    form.appendChild(lines('matchPaths'));
    form.appendChild(lines('hfRepos'));
    form.appendChild(lines('mlflowNames'));
    form.appendChild(lines('names'));

    const actions = el('div', { class: 'actions' });
    saveButton = button(state.mode === 'edit' ? 'Save changes' : 'Save to the catalog', () => send('save'), { id: 'save', class: 'primary', disabled: !trusted });
    actions.appendChild(saveButton);
    if (!trusted) actions.appendChild(el('p', { class: 'restricted', id: 'restricted' }, 'Restricted Mode: this workspace is not trusted, so ML Hygiene writes nothing to its catalog. Trust the workspace to save; the form still checks the entry.'));
    status = el('p', { class: 'status', role: 'status', id: 'status' });
    actions.appendChild(status);
    form.appendChild(actions);

    const heading = el('h2', { id: 'target' }, state.mode === 'edit' ? `Editing “${draft.title || draft.id}”` : 'Declare a model');
    const where = el('p', { class: 'hint', id: 'target-file' }, state.mode === 'edit' ? state.target : `New entry in ${state.target}`);
    app.appendChild(heading);
    app.appendChild(where);
    app.appendChild(form);
    app.appendChild(el('h3', { id: 'preview-label' }, 'YAML that will be written'));
    preview = el('pre', { class: 'preview', 'aria-labelledby': 'preview-label', tabindex: '0' });
    app.appendChild(preview);
    if (lastValidation) showValidation(lastValidation);
  }

  let state = { owners: [], mode: 'create', target: '' };
  let lastValidation;

  function showValidation(v) {
    lastValidation = v;
    const shown = new Set();
    for (const [key, span] of errorSpans) {
      const message = v.errors[key] || '';
      span.textContent = message;
      const input = document.getElementById(`f-${key}`);
      if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
      if (message) shown.add(key);
    }
    const rest = Object.entries(v.errors).filter(([k]) => !shown.has(k));
    general.textContent = '';
    for (const [k, m] of rest) general.appendChild(el('p', { class: 'error' }, `${k}: ${m}`));
    for (const span of markSpans.values()) span.textContent = '';
    for (const r of v.required) {
      const span = markSpans.get(r.field);
      if (span) span.textContent = r.because === 'schema' ? ' (required)' : ` (required: ${r.because})`;
    }
    const policyOnly = v.required.filter((r) => r.because !== 'schema' && !markSpans.has(r.field));
    if (policyOnly.length) general.appendChild(el('p', { class: 'hint' }, `The policy also requires, to add in the file later: ${policyOnly.map((r) => `${r.field} (${r.because})`).join(', ')}.`));
    preview.textContent = v.preview;
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'state') {
      draft = m.draft;
      choices = m.choices;
      trusted = m.trusted;
      state = m;
      lastValidation = undefined;
      render();
    } else if (m.type === 'validation' && draft) {
      showValidation(m);
    } else if (m.type === 'saved' && status) {
      status.textContent = `Saved ${m.file}. Review the file and commit it with your change.`;
      status.className = 'status ok';
    } else if (m.type === 'error' && status) {
      status.textContent = m.message;
      status.className = 'status failed';
    } else if (m.type === 'probe') {
      const tags = [...new Set([...app.querySelectorAll('*')].map((n) => n.localName))];
      vscode.postMessage({ type: 'probeResult', probe: String(m.probe), text: app.textContent || '', html: app.innerHTML, tags });
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
