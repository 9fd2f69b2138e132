/** One lead read from a file, ready to go through the ingest path, or why it cannot. */
export type ImportRow =
  | {
      kind: 'lead';
      /** The line of the file it starts on. */
      line: number;
      /** The lead as Microsoft would have POSTed it. */
      body: unknown;
      /** The body as text: the file's line for NDJSON, the payload built from the row for CSV. */
      rawBody: string;
      /** ISO 8601 UTC time Microsoft created the lead, when the file says. */
      createdAt?: string;
    }
  | { kind: 'invalid'; line: number; reason: string };
