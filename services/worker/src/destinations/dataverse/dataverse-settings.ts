/** How the worker proves who it is to Entra ID. */
export type ClientCredential =
  { kind: 'secret'; clientSecret: string } | { kind: 'certificate'; certificatePath: string };
