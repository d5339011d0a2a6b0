// Google's error answers: a google.rpc.Status whose details hold a GoogleAdsFailure of the path's
// API version (errorCode, message, location, details such as quotaErrorDetails.retryDelay), with
// the HTTP status and status text Google sends for each.

import { requestId, type Answer } from './wire.ts';

export type GoogleError = { errorCode: Record<string, string>; message: string; location?: unknown; details?: unknown };

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: [
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  ],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  429: ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
  500: ['INTERNAL', 'Internal error encountered.'],
  503: ['UNAVAILABLE', 'The service is currently unavailable.'],
};

/** An error answer: google.rpc.Status with a GoogleAdsFailure of the path's API version. */
export function googleFailure(version: string, status: number, errors: GoogleError[]): Answer {
  const [text, message] = STATUS_TEXT[status] ?? ['UNKNOWN', 'Unknown error.'];
  const id = requestId();
  return {
    status,
    headers: { 'request-id': id },
    body: {
      error: {
        code: status,
        message,
        status: text,
        details: [{ '@type': `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`, errors, requestId: id }],
      },
    },
  };
}
