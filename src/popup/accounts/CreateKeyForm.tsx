import { useState } from 'preact/hooks';
import type { AccountForm } from '../../providers/types';
import { checkAppName } from '../../shared/validation';
import { t } from '../i18n';
import { useFormProblems } from '../shell/use-form-problems';

const DAY = 86_400_000;

export interface CreateRequest {
  app: string;
  projectId?: string;
  expire?: number;
}

/** Create a key for an app (with a project and an expiry where the provider has them), or list the account's keys. */
export function CreateKeyForm({
  form,
  onCreate,
  onList,
}: {
  form: AccountForm;
  onCreate: (request: () => CreateRequest) => (event: Event) => void;
  onList: (event: Event) => void;
}) {
  const [app, setApp] = useState('');
  const [projectId, setProjectId] = useState('');
  const [days, setDays] = useState('');
  const [appProblem, setAppProblem] = useState<string | null>(null);
  const problems = useFormProblems();
  // The app name is checked here first, so its problem sits on its field (focused and announced).
  const submit = (event: Event) => {
    const invalid = checkAppName(app);
    setAppProblem(invalid);
    problems.report([invalid]);
    if (invalid) return event.preventDefault();
    onCreate(request)(event);
  };
  // Checked when the action runs, so a problem becomes the panel's message like any failure.
  const request = (): CreateRequest => {
    const problem = checkAppName(app);
    if (problem) throw new Error(problem);
    if (days.trim() && !(Number(days) > 0)) throw new Error('Enter a number of days, or leave it empty.');
    return {
      app: app.trim(),
      ...(form.projects && projectId.trim() ? { projectId: projectId.trim() } : {}),
      ...(form.expiry && days.trim() ? { expire: Math.round(Date.now() + Number(days) * DAY) } : {}),
    };
  };
  return (
    <form ref={problems.ref} onSubmit={submit} noValidate aria-label={t('createKey')}>
      <label>
        {t('appNameShort')}
        <input
          type="text"
          value={app}
          onInput={(e) => setApp(e.currentTarget.value)}
          aria-invalid={appProblem ? true : undefined}
          aria-describedby={appProblem ? 'create-app-problem' : undefined}
        />
      </label>
      {appProblem && (
        <span class="error" id="create-app-problem">
          {appProblem}
        </span>
      )}
      {form.projects && (
        <label>
          {t('projectOptional')}
          <input type="text" value={projectId} onInput={(e) => setProjectId(e.currentTarget.value)} />
        </label>
      )}
      {form.expiry && (
        <label>
          {t('expireDaysOptional')}
          <input type="number" min={1} value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </label>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {t('createKey')}
        </button>
        <button type="button" onClick={onList}>
          {t('listKeys')}
        </button>
      </div>
    </form>
  );
}
