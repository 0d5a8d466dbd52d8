import type { JsonReader } from '../../http/json-reader';
import type { PlatformHttpClient, PlatformResponse, RequestBody } from '../../http/platform-http-client';
import type { LinkedInConfig } from './linkedin.config';

export interface Member {
  readonly urn: string;
  readonly name: string | null;
  readonly picture: string | null;
}

export interface Organization {
  readonly urn: string;
  readonly name: string | null;
  readonly vanityName: string | null;
}

/** `urn:li:organization:123` → `123`. */
export const urnId = (urn: string): string => urn.slice(urn.lastIndexOf(':') + 1);
export const isOrganization = (urn: string): boolean => urn.startsWith('urn:li:organization:');

/**
 * Calls to the versioned REST API. Every call names the version and Rest.li protocol 2.0. Paths
 * carry their query already encoded: Rest.li's `List(...)` syntax must reach LinkedIn with its
 * parentheses and commas as they are and only the URNs inside percent-encoded, which a generic
 * query serializer would not do.
 * Source: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version (checked 2026-11-24).
 */
export class LinkedInApi {
  constructor(
    readonly http: PlatformHttpClient,
    private readonly config: LinkedInConfig,
  ) {}

  headers(accessToken: string): Record<string, string> {
    return {
      authorization: `Bearer ${accessToken}`,
      'linkedin-version': this.config.apiVersion,
      'x-restli-protocol-version': '2.0.0',
    };
  }

  send(
    accessToken: string,
    method: 'GET' | 'POST',
    pathAndQuery: string,
    body?: RequestBody,
    write?: boolean,
  ): Promise<PlatformResponse> {
    return this.http.send({
      method,
      url: `${this.config.apiBaseUrl}${pathAndQuery}`,
      headers: this.headers(accessToken),
      body,
      write,
    });
  }

  json<T>(
    accessToken: string,
    method: 'GET' | 'POST',
    pathAndQuery: string,
    parse: (body: JsonReader) => T,
    body?: RequestBody,
    write?: boolean,
  ): Promise<T> {
    return this.http.json(
      {
        method,
        url: `${this.config.apiBaseUrl}${pathAndQuery}`,
        headers: this.headers(accessToken),
        body,
        write,
      },
      parse,
    );
  }

  /** OpenID Connect userinfo: `sub` is the member id of `urn:li:person:{sub}` (unversioned endpoint). */
  member(accessToken: string): Promise<Member> {
    return this.http.json(
      {
        method: 'GET',
        url: `${this.config.apiBaseUrl}/v2/userinfo`,
        headers: { authorization: `Bearer ${accessToken}` },
      },
      (body) => ({
        urn: `urn:li:person:${body.string('sub')}`,
        name: body.optionalString('name'),
        picture: body.optionalString('picture'),
      }),
    );
  }

  organization(accessToken: string, urn: string): Promise<Organization> {
    return this.json(accessToken, 'GET', `/rest/organizations/${encodeURIComponent(urnId(urn))}`, (body) => ({
      urn,
      name: body.optionalString('localizedName'),
      vanityName: body.optionalString('vanityName'),
    }));
  }
}
