/**
 * The charts' colours, in order: a colour-blind-safe set (Okabe and Ito's, darkened where a
 * colour was too light on white), and a grey kept for "Other".
 */
export const PALETTE: readonly string[] = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#8f7400',
  '#56b4e9',
  '#7a3e9d',
  '#1b2430',
];

export const OTHER_COLOUR = '#9aa3ae';

/** The colour of the n-th series; past the palette, colours come round again. */
export function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length] ?? OTHER_COLOUR;
}
