/**
 * The consent URL a user is sent to: the platform's authorize endpoint with its query parameters,
 * set in the order given. A null value is left out (an optional parameter the flow does not use).
 */
export function buildAuthorizationUrl(
  endpoint: string,
  params: Readonly<Record<string, string | null>>,
): string {
  const url = new URL(endpoint);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null) url.searchParams.set(name, value);
  }
  return url.toString();
}
