'use client';

import { useState } from 'react';
import { Field } from '@/components/ui/field';

/**
 * The first login's password on the new reseller and customer forms. Controlled, so what was typed stays
 * after a failed submit (React resets a form's uncontrolled fields after its action, and the server never
 * sends a password back): the user fixes the other fields without typing it again.
 */
export function InitialPasswordField({ errors }: { errors?: string[] }) {
  const [password, setPassword] = useState('');
  return (
    <Field
      name="password"
      label="Initial password"
      type="password"
      autoComplete="new-password"
      required
      value={password}
      onChange={(e) => setPassword(e.target.value)}
      errors={errors}
      hint="At least 12 characters."
    />
  );
}
