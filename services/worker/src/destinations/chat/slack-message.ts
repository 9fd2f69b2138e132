import type { ChatContent, ChatFact } from './chat-content';
import { escapeSlackChar, trimSlackDangling } from './escape-markup';
import { escapeText, fitText } from './fit-text';

/** Slack's limits for Block Kit (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  /** A header block's plain_text. */
  header: 150,
  /** A section block's text. */
  sectionText: 3000,
  /** Text objects in one section's `fields`. */
  fieldsPerSection: 10,
  /** Each of those. */
  field: 2000,
  /** The message's top-level `text`, shown in notifications: Slack cuts past 4,000. */
  fallback: 3000,
  /** A button's label. */
  buttonText: 75,
  /** A button's URL. */
  buttonUrl: 3000,
} as const;

const escaped = (value: string) => escapeText(value, escapeSlackChar);
const fit = (value: string, limit: number) => fitText(value, limit, trimSlackDangling);

/** Lead values in mrkdwn, shown as written: no link, channel or mention made out of them. */
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });

function field({ label, value }: ChatFact) {
  const heading = `*${escaped(label)}*\n`;
  return mrkdwn(heading + fit(escaped(value), SLACK_LIMITS.field - heading.length));
}

/** Sections of at most ten fields each, as Slack allows. */
function factSections(facts: readonly ChatFact[]): Record<string, unknown>[] {
  const sections: Record<string, unknown>[] = [];
  for (let at = 0; at < facts.length; at += SLACK_LIMITS.fieldsPerSection) {
    const chunk = facts.slice(at, at + SLACK_LIMITS.fieldsPerSection);
    sections.push({ type: 'section', fields: chunk.map(field) });
  }
  return sections;
}

/**
 * The message a Slack incoming webhook takes: Block Kit `blocks` (a header, the text, the facts
 * as fields, a button to the Dynamics 365 record) and a `text` for notifications and clients
 * that show no blocks. Values are escaped for mrkdwn (`&`, `<`, `>`) and cut to Slack's limits.
 */
export function slackMessage(content: ChatContent): Record<string, unknown> {
  // plain_text is never parsed, so the headline keeps its characters as they are.
  const header = fit(content.title(), SLACK_LIMITS.header);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: header, emoji: false } },
  ];
  if (content.text) {
    blocks.push({
      type: 'section',
      text: mrkdwn(fit(content.text(escaped), SLACK_LIMITS.sectionText)),
    });
  }
  blocks.push(...factSections(content.facts));
  if (content.description !== undefined) {
    const heading = '*Description*\n';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        heading + fit(escaped(content.description), SLACK_LIMITS.sectionText - heading.length),
      ),
    });
  }
  if (content.recordUrl && content.recordUrl.length <= SLACK_LIMITS.buttonUrl) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Dynamics 365' },
          url: content.recordUrl,
          action_id: 'open-dynamics-365-record',
        },
      ],
    });
  }
  return { text: fit(content.title(escaped), SLACK_LIMITS.fallback), blocks };
}
