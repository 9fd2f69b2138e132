import { isAxiosError } from 'axios';
import { PermanentError, ThrottledError, TransientError } from '../../../delivery/delivery-errors';
import { proxyErrorIn } from '../../../proxy/proxy-error';
import { FederatedTokenFileError, type TokenFileProblem } from '../federated-token-file';
import { CertificateUnreadableError } from './certificate-unreadable-error';

/**
 * Whom the check was talking to: Entra ID (the authority), a managed identity endpoint, or the
 * Dataverse org.
 */
export type Counterpart = 'authority' | 'identity' | 'org';

/** Why no answer came. */
export type NoAnswerReason = 'dns' | 'refused' | 'tls' | 'timeout' | 'other';

/**
 * What a failed step saw, reduced to what tells the likely causes apart. `summary` is the one
 * line the report shows for it.
 */
export type ObservedFailure =
  /** Entra ID answered with an error, e.g. `invalid_client` AADSTS7000215. */
  | { kind: 'entra'; error?: string; aadsts?: number; summary: string }
  /** msal-node gave up without an Entra ID error to show, e.g. `endpoints_resolution_error`. */
  | { kind: 'msal'; errorCode: string; summary: string }
  /** The authority host answered, but not as Entra ID does. */
  | { kind: 'not-entra'; status: number; summary: string }
  /** No answer at all. */
  | { kind: 'no-answer'; from: Counterpart; reason: NoAnswerReason; code: string; summary: string }
  /** Dataverse answered with an error status. */
  | { kind: 'dataverse'; status: number; code?: string; summary: string }
  /** The outbound proxy would not open a tunnel: nothing reached Entra ID or the org. */
  | { kind: 'proxy'; status?: number; advice: string; summary: string }
  /** The certificate file could not be used. */
  | { kind: 'certificate'; summary: string }
  /** Workload identity's token file could not be used. */
  | { kind: 'token-file'; problem: TokenFileProblem; summary: string }
  /** A managed identity endpoint refused, e.g. "Identity not found". */
  | { kind: 'identity-refused'; status?: number; description: string; summary: string }
  | { kind: 'unknown'; summary: string };

const REASONS: Readonly<Record<string, NoAnswerReason>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ECONNABORTED: 'timeout',
  EPROTO: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
};

const REASON_WORDS: Readonly<Record<NoAnswerReason, string>> = {
  dns: 'no such host',
  refused: 'connection refused',
  tls: 'TLS certificate not trusted',
  timeout: 'timed out',
  other: 'connection failed',
};

function reasonOf(code: string): NoAnswerReason {
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
    return 'tls';
  }
  return REASONS[code] ?? 'other';
}

/** An error's message; duck-typed, as errors from Node's own realm fail `instanceof Error`. */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** The error and its causes, outermost first (bounded, as a cause chain could loop). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 5;) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : 'the server';
  } catch {
    return 'the server';
  }
}

// The AADSTS number, tried only where `AADSTS` first appears (sticky).
const AADSTS = /AADSTS(\d{1,10}):/y;

/**
 * The AADSTS number and the first sentence after it (up to a `.` before white space or the end).
 * Found with `indexOf`, not a pattern searching for a sentence: the description comes from the
 * network, and such a pattern rereads the text from every `AADSTS` in it.
 */
function aadstsSentence(description: string): { aadsts: number; words: string } | undefined {
  AADSTS.lastIndex = description.indexOf('AADSTS');
  if (AADSTS.lastIndex < 0) return undefined;
  const head = AADSTS.exec(description);
  if (!head?.[1]) return undefined;
  const from = AADSTS.lastIndex;
  let dot = description.indexOf('.', from);
  while (dot >= 0 && dot + 1 < description.length && !/\s/.test(description.charAt(dot + 1))) {
    dot = description.indexOf('.', dot + 1);
  }
  if (dot < 0) return undefined;
  return { aadsts: Number(head[1]), words: description.slice(from, dot + 1).trimStart() };
}

/**
 * An Entra ID error as one line: the OAuth error, the AADSTS number and the first sentence of its
 * description (the rest is trace and correlation ids, of use only to Microsoft support).
 */
export function entraFailure(error: string | undefined, description: string): ObservedFailure {
  const match = aadstsSentence(description);
  const aadsts = match?.aadsts;
  const words = match?.words ?? description.split('\n')[0] ?? '';
  const code = [error, aadsts !== undefined ? `AADSTS${aadsts}` : undefined]
    .filter(Boolean)
    .join(', ');
  return {
    kind: 'entra',
    ...(error ? { error } : {}),
    ...(aadsts !== undefined ? { aadsts } : {}),
    summary: `Entra ID answered ${code || 'with an error'}${words ? `: ${words}` : ''}`,
  };
}

interface MsalLikeError {
  errorCode: string;
  errorMessage: string;
  status?: unknown;
}

// msal-node builds a server error's message as `Error(s): … - Description: … - Correlation ID: …`.
const DESCRIPTION = ' - Description: ';
const CORRELATION = ' - Correlation ID: ';

/** What a managed identity endpoint said, taken out of msal-node's message about it. */
function endpointDescription(message: string): string {
  const from = message.indexOf(DESCRIPTION);
  if (from < 0) return message;
  const start = from + DESCRIPTION.length;
  const end = message.indexOf(CORRELATION, start);
  return message.slice(start, end < 0 ? undefined : end);
}

/** A managed identity endpoint's answer, or msal-node's word that none came. */
function identityFailure(msal: MsalLikeError): ObservedFailure {
  if (/AADSTS\d+/.test(msal.errorMessage)) return entraFailure(msal.errorCode, msal.errorMessage);
  if (msal.errorCode === 'network_error') {
    return {
      kind: 'no-answer',
      from: 'identity',
      reason: 'other',
      code: msal.errorCode,
      summary: 'no answer from the managed identity endpoint (network_error)',
    };
  }
  const description = endpointDescription(msal.errorMessage);
  const status = typeof msal.status === 'number' ? msal.status : undefined;
  return {
    kind: 'identity-refused',
    ...(status !== undefined ? { status } : {}),
    description,
    summary: `the managed identity endpoint answered${status !== undefined ? ` ${status}` : ''}: ${description}`,
  };
}

function isMsalError(value: unknown): value is MsalLikeError {
  const fields = value as Partial<MsalLikeError> | null;
  return typeof fields?.errorCode === 'string' && typeof fields.errorMessage === 'string';
}

/** Turns what a step threw (from the token provider or the Dataverse client) into a failure. */
export function observeFailure(error: unknown, from: Counterpart): ObservedFailure {
  const chain = causes(error);
  const certificate = chain.find((item) => item instanceof CertificateUnreadableError);
  if (certificate instanceof Error) return { kind: 'certificate', summary: certificate.message };
  const tokenFile = chain.find((item) => item instanceof FederatedTokenFileError);
  if (tokenFile instanceof FederatedTokenFileError) {
    return { kind: 'token-file', problem: tokenFile.problem, summary: tokenFile.message };
  }

  const proxy = chain.map(proxyErrorIn).find((item) => item !== undefined);
  if (proxy) {
    const { status, summary, advice } = proxy;
    return { kind: 'proxy', ...(status !== undefined ? { status } : {}), advice, summary };
  }

  const dataverse = chain.find(
    (item) =>
      item instanceof PermanentError ||
      item instanceof ThrottledError ||
      item instanceof TransientError,
  );
  const status = dataverse?.details.status;
  if (dataverse instanceof Error && status !== undefined) {
    const at = dataverse.message.indexOf('Dataverse answered');
    const code = dataverse.details.code;
    return {
      kind: 'dataverse',
      status,
      ...(code ? { code } : {}),
      summary: at >= 0 ? dataverse.message.slice(at) : dataverse.message,
    };
  }

  const network = chain.find((item) => isAxiosError(item) && item.response === undefined);
  if (isAxiosError(network)) {
    const code = network.code ?? 'unknown';
    const reason = reasonOf(code);
    return {
      kind: 'no-answer',
      from,
      reason,
      code,
      summary: `no answer from ${originOf(network.config?.url)}: ${REASON_WORDS[reason]} (${code})`,
    };
  }

  const msal = chain.find(isMsalError);
  if (msal && from === 'identity') return identityFailure(msal);
  if (msal) {
    if (/AADSTS\d+/.test(msal.errorMessage)) return entraFailure(msal.errorCode, msal.errorMessage);
    return {
      kind: 'msal',
      errorCode: msal.errorCode,
      summary: `msal-node could not get a token (${msal.errorCode})`,
    };
  }

  return { kind: 'unknown', summary: messageOf(error) };
}
