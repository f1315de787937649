/**
 * REST routes for responding to interactions: the initial callback and the interaction webhook
 * (original response, follow-ups). discord.js sends them without an Authorization header.
 */
import { InteractionType, MessageFlags, MessageType } from 'discord.js';
import {
  FormErrors,
  interactionAlreadyAcknowledged,
  invalidWebhookToken,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
} from './errors.js';
import { CallbackType, type InteractionRecord } from './interactions.js';
import { validateModal } from './limits.js';
import { createMessage, deleteMessage, editMessage, INTERACTION_MESSAGE_FLAGS, type UploadedFile } from './messages.js';
import { apiMessage } from './payloads.js';
import type { FakeContext, MessageInteractionMetadata, StoredMessage } from './state.js';
import type { Route, RouteRequest, RouteResult } from './router.js';

type Json = Record<string, unknown>;

/** Discord keeps interaction tokens valid for 15 minutes. */
const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bodyObject(body: unknown): Json {
  return isObject(body) ? body : {};
}

function interactionMetadata(record: InteractionRecord, isFollowup: boolean): MessageInteractionMetadata {
  return {
    id: record.id,
    type: record.type,
    userId: record.user.id,
    commandName: record.commandName,
    interactedMessageId: record.type === InteractionType.MessageComponent ? record.sourceMessageId : null,
    originalResponseMessageId: isFollowup ? record.originalMessageId : null,
  };
}

function invalidCallbackType(type: unknown, record: InteractionRecord): Error {
  const errors = new FormErrors();
  // NOTE: the code and wording are an approximation, because Discord does not document this error.
  errors.add(
    ['type'],
    'INTERACTION_RESPONSE_TYPE_INVALID',
    `Callback type ${String(type)} is not valid for interaction type ${record.type}.`,
  );
  return errors.toApiError();
}

/** Message types of interaction responses: 20 CHAT_INPUT_COMMAND for slash commands, else 0 DEFAULT. */
function responseMessageType(record: InteractionRecord): number {
  return record.commandName !== null ? MessageType.ChatInputCommand : MessageType.Default;
}

function createResponseMessage(
  context: FakeContext,
  record: InteractionRecord,
  body: Json,
  files: UploadedFile[],
  kind: 'response' | 'deferred' | 'followup',
): StoredMessage {
  const deferred = kind === 'deferred';
  return createMessage(context, {
    channel: record.channel,
    author: context.state.config.botUser,
    body,
    files,
    allowedFlags: INTERACTION_MESSAGE_FLAGS,
    extraFlags: deferred ? MessageFlags.Loading : 0,
    webhookId: context.state.config.applicationId,
    type: responseMessageType(record),
    interaction: interactionMetadata(record, kind === 'followup'),
    allowEmpty: deferred,
  });
}

function requireSourceMessage(context: FakeContext, record: InteractionRecord, type: number): StoredMessage {
  const isComponentContext =
    record.type === InteractionType.MessageComponent || record.type === InteractionType.ModalSubmit;
  const message = record.sourceMessageId === null ? undefined : context.state.messages.get(record.sourceMessageId);
  if (!isComponentContext || !message || message.deleted) {
    throw invalidCallbackType(type, record);
  }
  return message;
}

/** Builds the `with_response=true` body: the interaction callback object and the resource it created. */
function callbackResponseBody(context: FakeContext, record: InteractionRecord, type: number, message: StoredMessage | null): Json {
  return {
    interaction: {
      id: record.id,
      type: record.type,
      response_message_id: message?.id ?? null,
      response_message_loading: type === CallbackType.DeferredChannelMessageWithSource,
      response_message_ephemeral: record.ephemeral,
    },
    resource: {
      type,
      ...(message ? { message: apiMessage(context.state, message) } : {}),
    },
  };
}

/**
 * POST /interactions/:id/:token/callback. Rejects a callback later than the acknowledgement timeout
 * with 404 Unknown interaction (10062) and a second callback with 400 (40060), as Discord does.
 */
function handleCallback({ context, params, query, body, files }: RouteRequest): RouteResult {
  const { state } = context;
  const record = state.interactions.get(params['interactionId'] ?? '');
  if (!record || record.token !== params['token']) {
    throw unknownInteraction();
  }
  if (Date.now() - record.createdAt > state.config.interactionAckTimeoutMs) {
    throw unknownInteraction();
  }
  if (record.callbacks.length > 0) {
    throw interactionAlreadyAcknowledged();
  }

  const request = bodyObject(body);
  const type = request['type'];
  const data = bodyObject(request['data']);
  let message: StoredMessage | null = null;

  switch (type) {
    case CallbackType.ChannelMessageWithSource:
      message = createResponseMessage(context, record, data, files, 'response');
      record.originalMessageId = message.id;
      record.ephemeral = (message.flags & MessageFlags.Ephemeral) !== 0;
      break;
    case CallbackType.DeferredChannelMessageWithSource: {
      const flags = typeof data['flags'] === 'number' ? data['flags'] & MessageFlags.Ephemeral : 0;
      message = createResponseMessage(context, record, { flags }, [], 'deferred');
      record.originalMessageId = message.id;
      record.ephemeral = flags !== 0;
      break;
    }
    case CallbackType.DeferredUpdateMessage:
      message = requireSourceMessage(context, record, type);
      record.originalMessageId = message.id;
      break;
    case CallbackType.UpdateMessage:
      message = requireSourceMessage(context, record, type);
      editMessage(context, message, data, files);
      record.originalMessageId = message.id;
      break;
    case CallbackType.Modal:
      if (record.type === InteractionType.ModalSubmit) {
        throw invalidCallbackType(type, record);
      }
      validateModal(request['data']).throwIfAny();
      record.modal = structuredClone(data);
      break;
    default:
      throw invalidCallbackType(type, record);
  }

  record.callbacks.push({ type, data: request['data'] === undefined ? null : structuredClone(request['data']), at: Date.now() });
  state.changes.notify();

  if (query['with_response'] === 'true') {
    return { status: 200, body: callbackResponseBody(context, record, type, message) };
  }
  return { status: 204 };
}

/** Finds the interaction of a webhook path. The webhook exists only after the initial callback. */
function requireWebhookInteraction(context: FakeContext, params: Record<string, string>): InteractionRecord {
  const { state } = context;
  if (params['applicationId'] !== state.config.applicationId) {
    throw unknownWebhook();
  }
  const record = [...state.interactions.values()].find((candidate) => candidate.token === params['token']);
  if (!record || record.callbacks.length === 0) {
    throw unknownWebhook();
  }
  if (Date.now() - record.createdAt > INTERACTION_TOKEN_LIFETIME_MS) {
    throw invalidWebhookToken();
  }
  return record;
}

/** Resolves '@original' or a follow-up id to a message that this interaction created or updated. */
function requireWebhookMessage(context: FakeContext, record: InteractionRecord, messageId: string): StoredMessage {
  const id = messageId === '@original' ? record.originalMessageId : messageId;
  const belongs = id !== null && (id === record.originalMessageId || record.followupIds.includes(id));
  const message = belongs ? context.state.messages.get(id) : undefined;
  if (!message || message.deleted) {
    throw unknownMessage();
  }
  return message;
}

/**
 * POST /webhooks/:applicationId/:token sends a follow-up. After a deferred reply, Discord applies the
 * first follow-up to the deferred message instead, and it keeps the deferral's ephemeral flag.
 */
function handleFollowup({ context, params, body, files }: RouteRequest): RouteResult {
  const record = requireWebhookInteraction(context, params);
  const request = bodyObject(body);

  const original = record.originalMessageId === null ? undefined : context.state.messages.get(record.originalMessageId);
  const replacesDeferred =
    record.callbacks[0]?.type === CallbackType.DeferredChannelMessageWithSource &&
    original !== undefined &&
    !original.deleted &&
    (original.flags & MessageFlags.Loading) !== 0;
  if (original && replacesDeferred) {
    const { flags: _ignoredFlags, ...edit } = request;
    editMessage(context, original, edit, files);
    return { status: 200, body: apiMessage(context.state, original) };
  }

  const message = createResponseMessage(context, record, request, files, 'followup');
  record.followupIds.push(message.id);
  context.state.changes.notify();
  return { status: 200, body: apiMessage(context.state, message) };
}

function handleGetMessage({ context, params }: RouteRequest): RouteResult {
  const record = requireWebhookInteraction(context, params);
  const message = requireWebhookMessage(context, record, params['messageId'] ?? '');
  return { status: 200, body: apiMessage(context.state, message) };
}

function handleEditMessage({ context, params, body, files }: RouteRequest): RouteResult {
  const record = requireWebhookInteraction(context, params);
  const message = requireWebhookMessage(context, record, params['messageId'] ?? '');
  editMessage(context, message, bodyObject(body), files);
  return { status: 200, body: apiMessage(context.state, message) };
}

function handleDeleteMessage({ context, params }: RouteRequest): RouteResult {
  const record = requireWebhookInteraction(context, params);
  const message = requireWebhookMessage(context, record, params['messageId'] ?? '');
  deleteMessage(context, message);
  return { status: 204 };
}

export const interactionRoutes: Route[] = [
  { method: 'POST', pattern: '/interactions/:interactionId/:token/callback', auth: 'none', handle: handleCallback },
  { method: 'POST', pattern: '/webhooks/:applicationId/:token', auth: 'none', handle: handleFollowup },
  { method: 'GET', pattern: '/webhooks/:applicationId/:token/messages/:messageId', auth: 'none', handle: handleGetMessage },
  { method: 'PATCH', pattern: '/webhooks/:applicationId/:token/messages/:messageId', auth: 'none', handle: handleEditMessage },
  { method: 'DELETE', pattern: '/webhooks/:applicationId/:token/messages/:messageId', auth: 'none', handle: handleDeleteMessage },
];
