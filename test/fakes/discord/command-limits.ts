/**
 * Discord's validation of application command registrations (PUT and POST on /commands), so that a bot
 * whose command definitions Discord would reject fails its tests too.
 *
 * The limits come from Discord's API reference, "Application Commands". NOTE: the error codes for
 * names, option order and duplicates are approximations of Discord's, like those in limits.ts.
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { FormErrors, type FieldPath } from './errors.js';
import { textLength } from './limits.js';

type Json = Record<string, unknown>;

export const COMMAND_LIMITS = {
  name: 32,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceStringValue: 100,
  /** Per application and scope (global or one guild). */
  chatInputCommands: 100,
  /** Per application, scope and type: 5 user commands and 5 message commands. */
  contextMenuCommands: 5,
} as const;

/** Discord's pattern for command and option names: letters, digits, '-', '_' and "'". */
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkName(errors: FormErrors, path: FieldPath, name: unknown, mustBeLowercase: boolean): void {
  if (typeof name !== 'string' || name === '') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (textLength(name) > COMMAND_LIMITS.name) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${COMMAND_LIMITS.name} in length.`);
  }
  if (!NAME_PATTERN.test(name) || (mustBeLowercase && name !== name.toLowerCase())) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function checkDescription(errors: FormErrors, path: FieldPath, description: unknown): void {
  if (typeof description !== 'string' || description === '') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (textLength(description) > COMMAND_LIMITS.description) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${COMMAND_LIMITS.description} in length.`);
  }
}

function validateChoices(errors: FormErrors, path: FieldPath, choices: unknown): void {
  if (!Array.isArray(choices)) {
    return;
  }
  if (choices.length > COMMAND_LIMITS.choices) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${COMMAND_LIMITS.choices} or fewer in length.`);
  }
  choices.forEach((choice, index) => {
    const choicePath = [...path, index];
    if (!isObject(choice)) {
      errors.add(choicePath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const name = choice['name'];
    if (typeof name !== 'string' || name === '' || textLength(name) > COMMAND_LIMITS.choiceName) {
      errors.add([...choicePath, 'name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${COMMAND_LIMITS.choiceName} in length.`);
    }
    const value = choice['value'];
    if (typeof value === 'string' && textLength(value) > COMMAND_LIMITS.choiceStringValue) {
      errors.add([...choicePath, 'value'], 'BASE_TYPE_MAX_LENGTH', `Must be ${COMMAND_LIMITS.choiceStringValue} or fewer in length.`);
    }
  });
}

function validateOptions(errors: FormErrors, path: FieldPath, options: unknown): void {
  if (options === undefined || options === null) {
    return;
  }
  if (!Array.isArray(options)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  if (options.length > COMMAND_LIMITS.options) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${COMMAND_LIMITS.options} or fewer in length.`);
  }

  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((option, index) => {
    const optionPath = [...path, index];
    if (!isObject(option)) {
      errors.add(optionPath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }

    const type = option['type'];
    const isKnownType = typeof type === 'number' && ApplicationCommandOptionType[type] !== undefined;
    if (!isKnownType) {
      errors.add([...optionPath, 'type'], 'ENUM_TYPE_COERCE', `Value "${String(type)}" is not a valid enum value.`);
    }
    checkName(errors, [...optionPath, 'name'], option['name'], true);
    checkDescription(errors, [...optionPath, 'description'], option['description']);

    if (typeof option['name'] === 'string') {
      if (names.has(option['name'])) {
        errors.add([...optionPath, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option names must be unique');
      }
      names.add(option['name']);
    }

    if (option['required'] === true && sawOptional) {
      errors.add(
        optionPath,
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    }
    if (option['required'] !== true) {
      sawOptional = true;
    }

    validateChoices(errors, [...optionPath, 'choices'], option['choices']);
    if (type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup) {
      validateOptions(errors, [...optionPath, 'options'], option['options']);
    }
  });
}

/** Validates one command. `path` is where the command sits in the request body. */
export function validateCommand(errors: FormErrors, path: FieldPath, command: unknown): void {
  if (!isObject(command)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }

  const type = command['type'] ?? ApplicationCommandType.ChatInput;
  const isChatInput = type === ApplicationCommandType.ChatInput;
  checkName(errors, [...path, 'name'], command['name'], isChatInput);
  if (isChatInput) {
    checkDescription(errors, [...path, 'description'], command['description']);
    validateOptions(errors, [...path, 'options'], command['options']);
  }
}

/** Validates the body of a bulk overwrite (PUT), which replaces all commands of one scope. */
export function validateCommandList(commands: unknown): FormErrors {
  const errors = new FormErrors();
  if (!Array.isArray(commands)) {
    errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return errors;
  }

  const seen = new Set<string>();
  const countsByType = new Map<unknown, number>();
  commands.forEach((command, index) => {
    validateCommand(errors, [index], command);
    if (!isObject(command)) {
      return;
    }

    const type = command['type'] ?? ApplicationCommandType.ChatInput;
    countsByType.set(type, (countsByType.get(type) ?? 0) + 1);

    const key = `${String(type)}:${String(command['name'])}`;
    if (seen.has(key)) {
      errors.add([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    }
    seen.add(key);
  });

  for (const [type, count] of countsByType) {
    const max =
      type === ApplicationCommandType.ChatInput ? COMMAND_LIMITS.chatInputCommands : COMMAND_LIMITS.contextMenuCommands;
    if (count > max) {
      errors.add([], 'APPLICATION_COMMANDS_LIMIT_EXCEEDED', `At most ${max} commands of type ${String(type)} are allowed.`);
    }
  }
  return errors;
}
