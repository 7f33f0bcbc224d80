// Building the page from data. Text from the API goes in as text nodes (textContent), never as markup,
// so a subject such as <script>alert(1)</script> shows as those characters.

/** h('a', { href: 'x', class: 'y' }, 'text', childNode, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'value' || name === 'checked' || name === 'selected') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content with the given children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Shows a message in a live region (role=status or role=alert), as text. */
export function say(region, text, kind = 'info') {
  region.className = `notice ${kind}`;
  region.textContent = text;
}

export function clear(region) {
  region.className = 'notice';
  region.textContent = '';
}

/** A unique id for linking labels and hints. */
let counter = 0;
export const uid = prefix => `${prefix}-${++counter}`;

/** A labelled form field; the label is linked with for/id and hints with aria-describedby. */
export function field(labelText, control, hintText) {
  control.id ||= uid('f');
  const parts = [h('label', { for: control.id }, labelText)];
  if (hintText) {
    const hint = h('p', { class: 'hint', id: uid('hint') }, hintText);
    control.setAttribute('aria-describedby', hint.id);
    parts.push(hint);
  }
  parts.push(control);
  return h('div', { class: 'field' }, parts);
}

export function query(name) {
  return new URLSearchParams(location.search).get(name);
}
