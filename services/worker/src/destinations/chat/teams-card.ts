import type { ChatContent } from './chat-content';
import { escapeCardChar, trimCardDangling } from './escape-markup';
import { escapeText, fitText } from './fit-text';

/**
 * The Adaptive Card schema version: 1.4 renders alike in Teams on the desktop, the web and
 * mobile, and has every element used here (TextBlock, FactSet, Action.OpenUrl).
 */
export const TEAMS_CARD_VERSION = '1.4';

/**
 * Lengths kept under: Teams takes a message of 28 KB at most, so a long value (a description,
 * a made-up company name) is cut rather than failing the whole message.
 */
export const TEAMS_LIMITS = { title: 250, text: 3000, factValue: 1000, description: 3000 } as const;

const escaped = (value: string) => escapeText(value, escapeCardChar);
const fit = (value: string, limit: number) => fitText(value, limit, trimCardDangling);

/**
 * The message a Teams Workflows webhook ("When a Teams webhook request is received", posting
 * the card to a channel) takes: a `message` activity with one Adaptive Card attachment, as
 * Microsoft's documentation shows it. The lead's values are escaped for the card's Markdown.
 */
export function teamsMessage(content: ChatContent): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: fit(content.title(escaped), TEAMS_LIMITS.title),
      size: 'Medium',
      weight: 'Bolder',
      wrap: true,
    },
  ];
  if (content.text) {
    body.push({
      type: 'TextBlock',
      text: fit(content.text(escaped), TEAMS_LIMITS.text),
      wrap: true,
    });
  }
  body.push({
    type: 'FactSet',
    facts: content.facts.map(({ label, value }) => ({
      title: label,
      value: fit(escaped(value), TEAMS_LIMITS.factValue),
    })),
  });
  if (content.description !== undefined) {
    body.push({
      type: 'TextBlock',
      text: fit(escaped(content.description), TEAMS_LIMITS.description),
      wrap: true,
      isSubtle: true,
    });
  }
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: TEAMS_CARD_VERSION,
    body,
    ...(content.recordUrl
      ? {
          actions: [
            { type: 'Action.OpenUrl', title: 'Open in Dynamics 365', url: content.recordUrl },
          ],
        }
      : {}),
    msteams: { width: 'Full' },
  };
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}
