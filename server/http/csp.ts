/**
 * The pages' Content-Security-Policy (issue 22, finding 15). Scripts run only from the app's own
 * origin or with this response's nonce ('strict-dynamic' lets those load Next's chunks), so markup
 * that slipped through into a page cannot run script. Styles allow inline: React, Radix and KaTeX
 * render style attributes, which a nonce cannot cover. No upgrade-insecure-requests: the app is
 * often reached over plain http on loopback or a LAN, where it would break every request.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlay; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
