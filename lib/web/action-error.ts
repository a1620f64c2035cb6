import { DomainError, isExpectedError, NeedsConfirmation } from '../data/errors';
import { logUnexpected } from '../data/log-unexpected';
import type { Confirmation } from './confirmation';
import { withoutSecrets, type FormState } from './form-state';

/**
 * Turns what a data function threw into the form's answer. Only the errors the data layer throws on
 * purpose reach the browser with their text; anything else is logged and shown as a generic failure.
 */
export function actionError(error: unknown, values: Record<string, string | string[]> = {}, confirmation?: Confirmation): FormState {
  const kept = withoutSecrets(values);
  if (!isExpectedError(error)) {
    logUnexpected('Unexpected error in a form action', error);
    return { status: 'error', message: 'Something went wrong and nothing was changed. Please try again.', values: kept };
  }
  if (error instanceof NeedsConfirmation) {
    const confirmToken = confirmation?.tokenFor({ warnings: error.warnings, changes: error.changes });
    return { status: 'confirm', message: error.message, warnings: error.warnings, changes: error.changes, values: kept, confirmToken };
  }
  if (error instanceof DomainError) {
    return { status: 'error', message: error.message, fieldErrors: error.fieldErrors, values: kept };
  }
  return { status: 'error', message: error.message, values: kept };
}
