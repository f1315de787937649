/**
 * Discord's validation of message and modal bodies, so that bot tests fail where Discord would
 * respond with 400 "Invalid Form Body" (code 50035).
 *
 * The limits come from Discord's API reference (Create Message, Embed Limits, Message Components).
 * NOTE: Discord does not document its error codes and messages per field. The ones for lengths,
 * MAX_EMBED_SIZE_EXCEEDED and COMPONENT_CUSTOM_ID_DUPLICATED match responses that bots have logged.
 * The rest are approximations, so tests should assert on the status, code 50035 and the field path.
 */
import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import { FormErrors, type FieldPath } from './errors.js';

type Json = Record<string, unknown>;

export const MESSAGE_LIMITS = {
  contentLength: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  /** Sum of title, description, field names and values, footer text and author name over all embeds. */
  embedTotalCharacters: 6000,
  actionRows: 5,
  actionRowComponents: 5,
  /** Components V2 messages may nest at most 40 components in total. */
  totalComponentsV2: 40,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  selectValues: 25,
  attachments: 10,
  stickers: 3,
  allowedMentionIds: 100,
  modalTitle: 45,
  modalComponents: 5,
  textInputLabel: 45,
  textInputValue: 4000,
  textInputPlaceholder: 100,
} as const;

const SELECT_TYPES: ReadonlySet<unknown> = new Set([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

/** Counts Unicode code points, which is how Discord measures text length. */
export function textLength(text: string): number {
  return [...text].length;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

function checkString(errors: FormErrors, path: FieldPath, value: unknown): value is string {
  if (typeof value === 'string') {
    return true;
  }
  if (!isMissing(value)) {
    errors.add(path, 'BASE_TYPE_STRING', `Could not interpret "${String(value)}" as string.`);
  }
  return false;
}

function checkMaxLength(errors: FormErrors, path: FieldPath, value: unknown, max: number): void {
  if (checkString(errors, path, value) && textLength(value) > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

/** Checks a field that Discord requires, where an empty string counts as missing. */
function checkRequiredText(errors: FormErrors, path: FieldPath, value: unknown, max: number): void {
  if (isMissing(value) || value === '') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (checkString(errors, path, value) && textLength(value) > max) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${max} in length.`);
  }
}

function checkIntegerRange(errors: FormErrors, path: FieldPath, value: unknown, min: number, max: number): void {
  if (isMissing(value)) {
    return;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
  } else if (value < min) {
    errors.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  } else if (value > max) {
    errors.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  }
}

function checkUrl(errors: FormErrors, path: FieldPath, value: unknown, schemes: readonly string[]): void {
  if (isMissing(value)) {
    return;
  }

  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    return;
  }

  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    const allowed = schemes.map((name) => `'${name}'`).join(', ');
    errors.add(path, 'URL_TYPE_INVALID_SCHEME', `Scheme "${scheme}" is not supported. Scheme must be one of (${allowed}).`);
  }
}

function checkArray(errors: FormErrors, path: FieldPath, value: unknown): value is unknown[] {
  if (Array.isArray(value)) {
    return true;
  }
  if (!isMissing(value)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
  }
  return false;
}

const LINK_SCHEMES = ['http', 'https'] as const;
const MEDIA_SCHEMES = ['http', 'https', 'attachment'] as const;

/** Validates one embed and returns the number of characters that count toward the 6000 total. */
function validateEmbed(errors: FormErrors, path: FieldPath, embed: unknown): number {
  if (!isObject(embed)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return 0;
  }

  let characters = 0;
  const countText = (value: unknown): void => {
    if (typeof value === 'string') {
      characters += textLength(value);
    }
  };

  checkMaxLength(errors, [...path, 'title'], embed['title'], MESSAGE_LIMITS.embedTitle);
  countText(embed['title']);
  checkMaxLength(errors, [...path, 'description'], embed['description'], MESSAGE_LIMITS.embedDescription);
  countText(embed['description']);
  checkUrl(errors, [...path, 'url'], embed['url'], LINK_SCHEMES);
  checkIntegerRange(errors, [...path, 'color'], embed['color'], 0, 0xff_ffff);

  const timestamp = embed['timestamp'];
  if (!isMissing(timestamp) && Number.isNaN(Date.parse(String(timestamp)))) {
    errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', `Could not parse ${String(timestamp)}. Should be ISO8601.`);
  }

  const footer = embed['footer'];
  if (isObject(footer)) {
    checkRequiredText(errors, [...path, 'footer', 'text'], footer['text'], MESSAGE_LIMITS.embedFooterText);
    countText(footer['text']);
    checkUrl(errors, [...path, 'footer', 'icon_url'], footer['icon_url'], MEDIA_SCHEMES);
  }

  const author = embed['author'];
  if (isObject(author)) {
    checkRequiredText(errors, [...path, 'author', 'name'], author['name'], MESSAGE_LIMITS.embedAuthorName);
    countText(author['name']);
    checkUrl(errors, [...path, 'author', 'url'], author['url'], LINK_SCHEMES);
    checkUrl(errors, [...path, 'author', 'icon_url'], author['icon_url'], MEDIA_SCHEMES);
  }

  for (const key of ['image', 'thumbnail'] as const) {
    const media = embed[key];
    if (isObject(media)) {
      if (isMissing(media['url'])) {
        errors.add([...path, key, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      checkUrl(errors, [...path, key, 'url'], media['url'], MEDIA_SCHEMES);
    }
  }

  const fields = embed['fields'];
  if (checkArray(errors, [...path, 'fields'], fields)) {
    if (fields.length > MESSAGE_LIMITS.embedFields) {
      errors.add([...path, 'fields'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.embedFields} or fewer in length.`);
    }
    fields.forEach((field, index) => {
      const fieldPath = [...path, 'fields', index];
      if (!isObject(field)) {
        errors.add(fieldPath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return;
      }
      checkRequiredText(errors, [...fieldPath, 'name'], field['name'], MESSAGE_LIMITS.embedFieldName);
      checkRequiredText(errors, [...fieldPath, 'value'], field['value'], MESSAGE_LIMITS.embedFieldValue);
      countText(field['name']);
      countText(field['value']);
    });
  }

  return characters;
}

function validateEmbeds(errors: FormErrors, embeds: unknown): void {
  if (!checkArray(errors, ['embeds'], embeds)) {
    return;
  }
  if (embeds.length > MESSAGE_LIMITS.embeds) {
    errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.embeds} or fewer in length.`);
  }

  let totalCharacters = 0;
  embeds.forEach((embed, index) => {
    totalCharacters += validateEmbed(errors, ['embeds', index], embed);
  });
  if (totalCharacters > MESSAGE_LIMITS.embedTotalCharacters) {
    errors.add(
      ['embeds'],
      'MAX_EMBED_SIZE_EXCEEDED',
      `Embed size exceeds maximum size of ${MESSAGE_LIMITS.embedTotalCharacters}`,
    );
  }
}

/** Checks a custom_id for length and for uniqueness within one message or modal. */
function checkCustomId(errors: FormErrors, path: FieldPath, value: unknown, seen: Set<string>): void {
  checkRequiredText(errors, [...path, 'custom_id'], value, MESSAGE_LIMITS.customId);
  if (typeof value !== 'string' || value === '') {
    return;
  }
  if (seen.has(value)) {
    errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id was already specified');
  }
  seen.add(value);
}

function validateButton(errors: FormErrors, path: FieldPath, button: Json, seen: Set<string>): void {
  const style = button['style'];
  checkIntegerRange(errors, [...path, 'style'], style, ButtonStyle.Primary, ButtonStyle.Premium);
  checkMaxLength(errors, [...path, 'label'], button['label'], MESSAGE_LIMITS.buttonLabel);

  if (style === ButtonStyle.Link) {
    if (isMissing(button['url'])) {
      errors.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    checkUrl(errors, [...path, 'url'], button['url'], ['http', 'https', 'discord']);
    if (!isMissing(button['custom_id'])) {
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A link button cannot have a custom id');
    }
  } else if (style === ButtonStyle.Premium) {
    if (isMissing(button['sku_id'])) {
      errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
  } else {
    checkCustomId(errors, path, button['custom_id'], seen);
  }

  if (style !== ButtonStyle.Premium && isMissing(button['label']) && isMissing(button['emoji'])) {
    errors.add(path, 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button must have a label or an emoji');
  }
}

function validateSelect(errors: FormErrors, path: FieldPath, select: Json, seen: Set<string>): void {
  checkCustomId(errors, path, select['custom_id'], seen);
  checkMaxLength(errors, [...path, 'placeholder'], select['placeholder'], MESSAGE_LIMITS.selectPlaceholder);
  checkIntegerRange(errors, [...path, 'min_values'], select['min_values'], 0, MESSAGE_LIMITS.selectValues);
  checkIntegerRange(errors, [...path, 'max_values'], select['max_values'], 1, MESSAGE_LIMITS.selectValues);

  const minValues = typeof select['min_values'] === 'number' ? select['min_values'] : 1;
  const maxValues = typeof select['max_values'] === 'number' ? select['max_values'] : 1;
  if (minValues > maxValues) {
    errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX', 'min_values must be less than or equal to max_values');
  }

  if (select['type'] !== ComponentType.StringSelect) {
    return;
  }

  const options = select['options'];
  if (!Array.isArray(options) || options.length === 0) {
    errors.add([...path, 'options'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (options.length > MESSAGE_LIMITS.selectOptions) {
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MESSAGE_LIMITS.selectOptions} in length.`);
  }
  if (maxValues > options.length) {
    errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS', 'max_values must not exceed the number of options');
  }

  const values = new Set<string>();
  options.forEach((option, index) => {
    const optionPath = [...path, 'options', index];
    if (!isObject(option)) {
      errors.add(optionPath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkRequiredText(errors, [...optionPath, 'label'], option['label'], MESSAGE_LIMITS.selectOptionLabel);
    checkRequiredText(errors, [...optionPath, 'value'], option['value'], MESSAGE_LIMITS.selectOptionValue);
    checkMaxLength(errors, [...optionPath, 'description'], option['description'], MESSAGE_LIMITS.selectOptionDescription);
    if (typeof option['value'] === 'string') {
      if (values.has(option['value'])) {
        errors.add([...optionPath, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select option values must be unique');
      }
      values.add(option['value']);
    }
  });
}

/** Validates a button or select menu inside an action row or a section accessory. */
function validateInteractiveComponent(errors: FormErrors, path: FieldPath, component: unknown, seen: Set<string>): void {
  if (!isObject(component)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  if (component['type'] === ComponentType.Button) {
    validateButton(errors, path, component, seen);
  } else if (SELECT_TYPES.has(component['type'])) {
    validateSelect(errors, path, component, seen);
  } else {
    errors.add([...path, 'type'], 'COMPONENT_TYPE_INVALID', `Component type ${String(component['type'])} is not allowed here`);
  }
}

function validateActionRow(errors: FormErrors, path: FieldPath, row: unknown, seen: Set<string>): void {
  if (!isObject(row) || row['type'] !== ComponentType.ActionRow) {
    errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be an action row (1).');
    return;
  }

  const children = row['components'];
  if (!Array.isArray(children) || children.length === 0 || children.length > MESSAGE_LIMITS.actionRowComponents) {
    errors.add(
      [...path, 'components'],
      'BASE_TYPE_BAD_LENGTH',
      `Must be between 1 and ${MESSAGE_LIMITS.actionRowComponents} in length.`,
    );
  }
  if (!Array.isArray(children)) {
    return;
  }

  // A select menu takes the full width of a row, so it must be the row's only component.
  const hasSelect = children.some((child) => isObject(child) && SELECT_TYPES.has(child['type']));
  children.forEach((child, index) => {
    const childPath = [...path, 'components', index];
    if (hasSelect && children.length > 1 && index > 0) {
      errors.add(childPath, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    validateInteractiveComponent(errors, childPath, child, seen);
  });
}

/** Walks a Components V2 tree, validating action rows and accessories, and returns the node count. */
function validateComponentsV2Node(errors: FormErrors, path: FieldPath, node: unknown, seen: Set<string>): number {
  if (!isObject(node)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return 0;
  }
  if (node['type'] === ComponentType.ActionRow) {
    validateActionRow(errors, path, node, seen);
    return 1 + (Array.isArray(node['components']) ? node['components'].length : 0);
  }

  let count = 1;
  const accessory = node['accessory'];
  if (isObject(accessory) && accessory['type'] === ComponentType.Button) {
    validateButton(errors, [...path, 'accessory'], accessory, seen);
    count += 1;
  } else if (isObject(accessory)) {
    count += 1;
  }
  const children = node['components'];
  if (Array.isArray(children)) {
    children.forEach((child, index) => {
      count += validateComponentsV2Node(errors, [...path, 'components', index], child, seen);
    });
  }
  return count;
}

function validateComponents(errors: FormErrors, components: unknown, isComponentsV2: boolean): void {
  if (!checkArray(errors, ['components'], components)) {
    return;
  }
  const seen = new Set<string>();

  if (isComponentsV2) {
    let total = 0;
    components.forEach((node, index) => {
      total += validateComponentsV2Node(errors, ['components', index], node, seen);
    });
    if (total > MESSAGE_LIMITS.totalComponentsV2) {
      errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.totalComponentsV2} or fewer in length.`);
    }
    return;
  }

  if (components.length > MESSAGE_LIMITS.actionRows) {
    errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.actionRows} or fewer in length.`);
  }
  components.forEach((row, index) => {
    validateActionRow(errors, ['components', index], row, seen);
  });
}

function validateAllowedMentions(errors: FormErrors, allowedMentions: unknown): void {
  if (isMissing(allowedMentions)) {
    return;
  }
  if (!isObject(allowedMentions)) {
    errors.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }

  const parse = Array.isArray(allowedMentions['parse']) ? allowedMentions['parse'] : [];
  parse.forEach((entry, index) => {
    if (entry !== 'users' && entry !== 'roles' && entry !== 'everyone') {
      errors.add(['allowed_mentions', 'parse', index], 'ENUM_TYPE_COERCE', `Value "${String(entry)}" is not a valid enum value.`);
    }
  });

  for (const kind of ['users', 'roles'] as const) {
    const ids = allowedMentions[kind];
    if (!Array.isArray(ids)) {
      continue;
    }
    if (ids.length > MESSAGE_LIMITS.allowedMentionIds) {
      errors.add(['allowed_mentions', kind], 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.allowedMentionIds} or fewer in length.`);
    }
    if (ids.length > 0 && parse.includes(kind)) {
      errors.add(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
}

export interface MessageValidationOptions {
  /** Number of uploaded files, which count toward the attachment limit. */
  fileCount: number;
}

/** Validates a message body for create, edit, interaction response and webhook routes. */
export function validateMessageBody(body: Json, options: MessageValidationOptions): FormErrors {
  const errors = new FormErrors();
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  const isComponentsV2 = (flags & MessageFlags.IsComponentsV2) !== 0;

  checkMaxLength(errors, ['content'], body['content'], MESSAGE_LIMITS.contentLength);
  if (!isMissing(body['embeds'])) {
    validateEmbeds(errors, body['embeds']);
  }
  if (!isMissing(body['components'])) {
    validateComponents(errors, body['components'], isComponentsV2);
  }
  validateAllowedMentions(errors, body['allowed_mentions']);

  if (isComponentsV2) {
    const hasContent = typeof body['content'] === 'string' && body['content'] !== '';
    const hasEmbeds = Array.isArray(body['embeds']) && body['embeds'].length > 0;
    if (hasContent || hasEmbeds) {
      errors.add(
        [hasContent ? 'content' : 'embeds'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        'The content and embeds fields cannot be used when the IS_COMPONENTS_V2 flag is set',
      );
    }
  }

  const declaredAttachments = Array.isArray(body['attachments']) ? body['attachments'].length : 0;
  if (Math.max(declaredAttachments, options.fileCount) > MESSAGE_LIMITS.attachments) {
    errors.add(['attachments'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.attachments} or fewer in length.`);
  }
  if (Array.isArray(body['sticker_ids']) && body['sticker_ids'].length > MESSAGE_LIMITS.stickers) {
    errors.add(['sticker_ids'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.stickers} or fewer in length.`);
  }

  return errors;
}

function validateTextInput(errors: FormErrors, path: FieldPath, input: unknown, seen: Set<string>, needsLabel: boolean): void {
  if (!isObject(input) || input['type'] !== ComponentType.TextInput) {
    if (isObject(input) && SELECT_TYPES.has(input['type'])) {
      validateSelect(errors, path, input, seen);
      return;
    }
    errors.add([...path, 'type'], 'COMPONENT_TYPE_INVALID', 'Modal fields must be text inputs or select menus');
    return;
  }

  checkCustomId(errors, path, input['custom_id'], seen);
  if (needsLabel) {
    checkRequiredText(errors, [...path, 'label'], input['label'], MESSAGE_LIMITS.textInputLabel);
  }
  checkIntegerRange(errors, [...path, 'style'], input['style'], 1, 2);
  checkIntegerRange(errors, [...path, 'min_length'], input['min_length'], 0, MESSAGE_LIMITS.textInputValue);
  checkIntegerRange(errors, [...path, 'max_length'], input['max_length'], 1, MESSAGE_LIMITS.textInputValue);
  checkMaxLength(errors, [...path, 'value'], input['value'], MESSAGE_LIMITS.textInputValue);
  checkMaxLength(errors, [...path, 'placeholder'], input['placeholder'], MESSAGE_LIMITS.textInputPlaceholder);
}

/** Validates the data of a MODAL callback (type 9): title, custom_id and up to 5 rows or labels. */
export function validateModal(data: unknown): FormErrors {
  const errors = new FormErrors();
  if (!isObject(data)) {
    errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors;
  }

  checkRequiredText(errors, ['data', 'title'], data['title'], MESSAGE_LIMITS.modalTitle);
  checkRequiredText(errors, ['data', 'custom_id'], data['custom_id'], MESSAGE_LIMITS.customId);

  const components = data['components'];
  if (!Array.isArray(components) || components.length === 0 || components.length > MESSAGE_LIMITS.modalComponents) {
    errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MESSAGE_LIMITS.modalComponents} in length.`);
  }
  if (!Array.isArray(components)) {
    return errors;
  }

  const seen = new Set<string>();
  components.forEach((node, index) => {
    const path = ['data', 'components', index];
    if (isObject(node) && node['type'] === ComponentType.ActionRow) {
      const children = Array.isArray(node['components']) ? node['components'] : [];
      if (children.length !== 1) {
        errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 1 in length.');
      }
      children.forEach((child, childIndex) => {
        validateTextInput(errors, [...path, 'components', childIndex], child, seen, true);
      });
    } else if (isObject(node) && node['type'] === ComponentType.Label) {
      checkRequiredText(errors, [...path, 'label'], node['label'], MESSAGE_LIMITS.textInputLabel);
      validateTextInput(errors, [...path, 'component'], node['component'], seen, false);
    } else if (!(isObject(node) && node['type'] === ComponentType.TextDisplay)) {
      errors.add([...path, 'type'], 'COMPONENT_TYPE_INVALID', 'Modal components must be action rows, labels or text displays');
    }
  });

  return errors;
}
