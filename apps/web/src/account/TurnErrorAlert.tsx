import { Alert } from '../ui/Alert';
import { type TurnRefusal, turnErrorHelp } from './turn-error';

/**
 * A refused or failed turn in the chat: the API's message, and for a budget, a turn's cost cap or a failed own
 * key, what is left and a link to where the person can act on it (#/usage, #/settings).
 */
export function TurnErrorAlert({ error }: { error: TurnRefusal | null | undefined }) {
  if (!error) return null;
  const help = turnErrorHelp(error);
  if (!help.link) return <Alert message={help.message} />;
  return (
    <div className="error acct-turn-error" role="alert" data-code={error.code}>
      <p>{help.message}</p>
      {help.facts && <p className="acct-turn-facts">{help.facts}</p>}
      <a href={help.link.href} className="acct-turn-link">
        {help.link.label}
      </a>
    </div>
  );
}
