// Setup: the three agents' prompt templates (defaults from src/agents), each viewable, editable and
// resettable, with its slots listed and the template check's message when a slot is missing or unknown.

import { agentsInOrder } from '../../agents/registry';
import { useAppStore } from '../../store/app';
import { defaultPrompts, type SetupProblem } from '../../run/setup';
import { FieldProblem, problemFor } from './fields';
import { ReasonButton } from '../whyDisabled';

export function PromptsSection({ problems }: { problems: readonly SetupProblem[] }) {
  const prompts = useAppStore((s) => s.setup.prompts);
  const answerFormat = useAppStore((s) => s.setup.rl.answer_format);
  const setPrompt = useAppStore((s) => s.setPrompt);
  const resetPrompt = useAppStore((s) => s.resetPrompt);
  const defaults = defaultPrompts(answerFormat);
  return (
    <fieldset className="setup-group" data-testid="setup.prompts">
      <legend>Prompt templates</legend>
      {agentsInOrder().map((agent) => {
        const edited = prompts[agent.name] !== defaults[agent.name];
        const problem = problemFor(problems, `prompts.${agent.name}`);
        const id = `setup-prompt-${agent.name}`;
        return (
          <details key={agent.name} className="prompt" open={problem !== undefined}>
            <summary data-testid={`setup.prompts.${agent.name}.toggle`}>
              {agent.title} {edited && <span className="edited">(edited)</span>}
            </summary>
            <p className="hint">
              Reads {agent.reads}; writes {agent.writes}. Slots: {agent.prompt.slots.map((s) => `{{${s}}}`).join(', ')}.
            </p>
            <textarea
              id={id}
              aria-label={`${agent.title} prompt template`}
              data-testid={`setup.prompts.${agent.name}`}
              rows={8}
              spellCheck={false}
              value={prompts[agent.name]}
              aria-invalid={problem !== undefined}
              onChange={(e) => setPrompt(agent.name, e.target.value)}
            />
            <ReasonButton data-testid={`setup.prompts.${agent.name}.reset`} why={!edited && 'The prompt is the default already.'} onClick={() => resetPrompt(agent.name)}>
              Reset {agent.title} prompt to default
            </ReasonButton>
            <FieldProblem id={`${id}-problem`} field={`prompts.${agent.name}`} message={problem} />
          </details>
        );
      })}
    </fieldset>
  );
}
