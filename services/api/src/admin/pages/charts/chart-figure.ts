import { html, type SafeHtml } from '../html';
import { at, type Frame } from './axes';
import { legend } from './legend';

/**
 * A chart as a `<figure>`: a caption, an inline SVG that names itself to screen readers
 * (`role="img"`, `aria-label`, `<title>`) and its legend. No script and no external resource,
 * so it draws under the admin listener's CSP and without JavaScript.
 */
export function chartFigure(options: {
  title: string;
  /** What a screen reader says the chart shows, in a sentence. */
  summary: string;
  frame: Frame;
  body: SafeHtml;
  series?: readonly { name: string; colour: string }[];
  /** Said in the chart's place when there is nothing to draw. */
  empty?: string;
}): SafeHtml {
  const { title, summary, frame, body, series = [], empty } = options;
  const content = empty
    ? html`<text
        x="${at(frame.width / 2)}"
        y="${at(frame.height / 2)}"
        text-anchor="middle"
        font-size="14"
        fill="#4a5565"
        >${empty}</text
      >`
    : body;
  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 ${frame.width} ${frame.height}"
      role="img"
      aria-label="${title}: ${empty ?? summary}"
    >
      <title>${title}</title>
      ${content}</svg
    >${empty ? html`` : legend(series)}
  </figure>`;
}
