// Prompt templates: editable text with named `{{slot}}` placeholders, and the renderer that fills
// them. A template lists its slots so the UI can show them and check an edited text.

import { PromptSlotError } from './errors';

export interface PromptTemplate {
  /** Which agent's prompt this is, for messages. */
  readonly agent: string;
  /** The slot names the text must contain, each as `{{name}}`. */
  readonly slots: readonly string[];
  /** The editable text. */
  readonly text: string;
}

const SLOT = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

/** The slot names a text uses, in first-use order. Example: `"{{a}} and {{ b }} {{a}}"` → `["a", "b"]`. */
export function slotsOf(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(SLOT)) if (!seen.includes(m[1])) seen.push(m[1]);
  return seen;
}

/**
 * Fill every `{{slot}}` with its value. Throws PromptSlotError when the text uses a slot that has no
 * value, or a value is given for a slot the template does not declare (a typo in an edited prompt).
 * Example: `render({agent:"x", slots:["q"], text:"Q: {{q}}"}, {q:"hi"})` → `"Q: hi"`.
 */
export function renderPrompt(template: PromptTemplate, values: Readonly<Record<string, string>>): string {
  for (const name of slotsOf(template.text)) {
    if (!template.slots.includes(name)) {
      throw new PromptSlotError(
        `The ${template.agent} prompt uses {{${name}}}, which is not one of its slots (${template.slots.join(', ')}). Fix the spelling or remove it.`,
        { agent: template.agent, slot: name },
      );
    }
  }
  for (const name of template.slots) {
    if (!(name in values)) {
      throw new PromptSlotError(`No value for the ${template.agent} prompt's slot {{${name}}}; pass it to renderPrompt.`, {
        agent: template.agent,
        slot: name,
      });
    }
  }
  return template.text.replace(SLOT, (_, name: string) => values[name]);
}

/** Problems of an edited template text: declared slots it lacks and slots it uses but does not declare. */
export function checkTemplate(template: PromptTemplate): string[] {
  const used = slotsOf(template.text);
  return [
    ...template.slots.filter((s) => !used.includes(s)).map((s) => `missing slot {{${s}}}`),
    ...used.filter((s) => !template.slots.includes(s)).map((s) => `unknown slot {{${s}}}`),
  ];
}
