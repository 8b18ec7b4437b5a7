import * as vega from 'vega';
import { compile } from 'vega-lite';

/**
 * Renders a vega-lite spec to SVG text in Node (vega's headless View, no canvas needed).
 * @param {object} spec
 * @returns {Promise<string>}
 */
export async function renderSvg(spec) {
  const view = new vega.View(vega.parse(compile(/** @type {any} */ (spec)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
