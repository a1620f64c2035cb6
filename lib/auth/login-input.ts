import { z } from 'zod';

// Shared by the login form's action and Auth.js' authorize(): one schema, one set of messages.
export const LoginInput = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').max(254).pipe(z.email('Enter a valid email address.')),
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
});
export type LoginInput = z.infer<typeof LoginInput>;
