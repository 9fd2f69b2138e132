/** Error codes Node gives a TLS certificate it will not trust, each with what it means here. */
const CERTIFICATE_PROBLEMS: Readonly<Record<string, string>> = {
  ERR_TLS_CERT_ALTNAME_INVALID:
    "Redis's TLS certificate does not name the host connected to: connect by a name the certificate lists (the host of REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES), or have a certificate issued for this one",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "Redis's TLS certificate is not signed by a CA this process trusts: set REDIS_TLS_CA_FILE to the PEM file of the CA that issued it",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "Redis's TLS certificate is not signed by a CA this process trusts: set REDIS_TLS_CA_FILE to the PEM file of the CA that issued it",
  SELF_SIGNED_CERT_IN_CHAIN:
    "Redis's TLS certificate chains to a CA this process does not trust: set REDIS_TLS_CA_FILE to that CA's PEM file",
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "Redis's TLS certificate is self-signed: set REDIS_TLS_CA_FILE to it, or to the CA that should sign it",
  CERT_HAS_EXPIRED: "Redis's TLS certificate has expired: renew it",
  CERT_NOT_YET_VALID: "Redis's TLS certificate is not valid yet: check the clocks, or its dates",
};

/**
 * What an error from a Redis connection most likely means, for an operator reading the log or
 * the check's report; undefined when it says enough by itself (a refused connection, a timeout).
 */
export function redisProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && code in CERTIFICATE_PROBLEMS) return CERTIFICATE_PROBLEMS[code];
  const message = error.message;
  if (code === 'EPROTO' || message.includes('wrong version number')) {
    return 'Redis does not speak TLS on this port: use its TLS port, or redis:// (without REDIS_TLS) for a plain one';
  }
  if (message.includes('WRONGPASS') || message.includes('NOAUTH')) {
    return 'Redis refused the password: check REDIS_PASSWORD (or the password in REDIS_URL)';
  }
  return undefined;
}
