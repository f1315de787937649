/** JSON body of a Discord API error response. */
export interface ApiErrorBody {
  message: string;
  code: number;
  errors?: Record<string, unknown>;
}

/** An error that the REST router sends as Discord's error JSON with `status`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${status} ${body.message} (code ${body.code})`);
    this.name = 'ApiError';
  }
}

// Discord's JSON error codes and messages, as listed in its API reference under "JSON Error Codes".
export const unknownChannel = (): ApiError => new ApiError(404, { message: 'Unknown Channel', code: 10003 });
export const unknownGuild = (): ApiError => new ApiError(404, { message: 'Unknown Guild', code: 10004 });
export const unknownMember = (): ApiError => new ApiError(404, { message: 'Unknown Member', code: 10007 });
export const unknownMessage = (): ApiError => new ApiError(404, { message: 'Unknown Message', code: 10008 });
export const unknownUser = (): ApiError => new ApiError(404, { message: 'Unknown User', code: 10013 });
export const unknownWebhook = (): ApiError => new ApiError(404, { message: 'Unknown Webhook', code: 10015 });
export const unknownApplicationCommand = (): ApiError =>
  new ApiError(404, { message: 'Unknown application command', code: 10063 });
export const unknownInteraction = (): ApiError => new ApiError(404, { message: 'Unknown interaction', code: 10062 });
export const interactionAlreadyAcknowledged = (): ApiError =>
  new ApiError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
export const missingAccess = (): ApiError => new ApiError(403, { message: 'Missing Access', code: 50001 });
export const cannotEditOtherUsersMessage = (): ApiError =>
  new ApiError(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
export const invalidWebhookToken = (): ApiError =>
  new ApiError(401, { message: 'Invalid Webhook Token', code: 50027 });
export const nonTextChannel = (): ApiError =>
  new ApiError(400, { message: 'Cannot send messages in a non-text channel', code: 50008 });
export const emptyMessage = (): ApiError => new ApiError(400, { message: 'Cannot send an empty message', code: 50006 });
export const invalidJsonBody = (): ApiError =>
  new ApiError(400, { message: 'The request body contains invalid JSON.', code: 50109 });
export const unauthorized = (): ApiError => new ApiError(401, { message: '401: Unauthorized', code: 0 });
export const notFound = (): ApiError => new ApiError(404, { message: '404: Not Found', code: 0 });
export const methodNotAllowed = (): ApiError => new ApiError(405, { message: '405: Method Not Allowed', code: 0 });

/** Path of a field in a request body, for example ['embeds', 0, 'title']. */
export type FieldPath = ReadonlyArray<string | number>;

/**
 * Collects field errors into Discord's "Invalid Form Body" shape (code 50035), where each failing
 * field maps to `{ _errors: [{ code, message }] }` nested along its path.
 */
export class FormErrors {
  readonly #tree: Record<string, unknown> = {};
  #count = 0;

  get isEmpty(): boolean {
    return this.#count === 0;
  }

  add(path: FieldPath, code: string, message: string): void {
    let node = this.#tree;
    for (const segment of path) {
      const key = String(segment);
      const child = node[key];
      if (typeof child === 'object' && child !== null) {
        node = child as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        node[key] = created;
        node = created;
      }
    }

    const existing = node['_errors'];
    const errors = Array.isArray(existing) ? existing : [];
    errors.push({ code, message });
    node['_errors'] = errors;
    this.#count += 1;
  }

  toApiError(): ApiError {
    return new ApiError(400, { message: 'Invalid Form Body', code: 50035, errors: this.#tree });
  }

  /** Throws the collected errors as a 400 response, if there are any. */
  throwIfAny(): void {
    if (!this.isEmpty) {
      throw this.toApiError();
    }
  }
}
