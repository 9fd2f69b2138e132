/**
 * AZURE_CLIENT_CERTIFICATE_PATH could not be turned into a credential (no file, no key, no
 * certificate). The worker fails on it at start; the check reports it as the token step's cause.
 */
export class CertificateUnreadableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CertificateUnreadableError';
  }
}
