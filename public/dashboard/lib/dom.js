// The one way the dashboard builds its pages: elements with properties, and children that are
// nodes or plain strings. Strings always become text nodes, so what a caller said (a transcript
// line, a summary, a name) is shown as text and never parsed as HTML. Nothing here, and nothing
// in the dashboard, sets innerHTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, unknown>} Props
 */

/**
 * An HTML element. Props: `class`, `text`, `on<event>` listeners (onclick …), `dataset`,
 * `aria-*`/`data-*`/`for`/`role` and other attributes as strings, booleans as present/absent,
 * anything else set as a property (value, checked, disabled, href …).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

/**
 * An SVG element (the chart); props are set as attributes.
 * @param {string} tag
 * @param {Record<string, string | number>} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {SVGElement}
 */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, children);
  return /** @type {SVGElement} */ (element);
}

/**
 * @param {Element} element
 * @param {(Child | Child[])[]} children
 */
export function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's children.
 * @param {Element} element
 * @param {...(Child | Child[])} children
 */
export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/**
 * @param {HTMLElement} element
 * @param {Props} props
 */
function applyProps(element, props) {
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (name === "class") element.className = String(value);
    else if (name === "text") element.textContent = String(value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (name === "innerHTML" || name === "outerHTML") throw new Error("the dashboard never sets HTML");
    else if (/^(aria-|data-)|^(for|role|autocomplete|inputmode|pattern|list|form)$/.test(name)) element.setAttribute(name, String(value));
    else if (typeof value === "boolean" && !(name in element)) element.toggleAttribute(name, value);
    else /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (element))[name] = value;
  }
}

/** A unique id for label/field pairs. */
let counter = 0;
/** @param {string} prefix */
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
