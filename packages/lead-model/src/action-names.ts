/** What each marketplace action code means, in the words a salesperson reads in Dynamics. */
const ACTION_NAMES: Readonly<Record<string, string>> = {
  INS: 'Get it now / install',
  PLT: 'Contact me / trial',
  DNC: 'Do not contact',
  Create: 'Azure portal purchase',
  StartTestDrive: 'Test drive started',
};

/** The action's name; an unknown code is shown as it came (Microsoft adds codes over time). */
export function actionName(actionCode: string | undefined): string | undefined {
  if (actionCode === undefined) return undefined;
  return ACTION_NAMES[actionCode] ?? ACTION_NAMES[actionCode.toUpperCase()] ?? actionCode;
}
