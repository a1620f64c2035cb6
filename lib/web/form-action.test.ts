import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { DomainError, NeedsConfirmation } from '../data/errors';
import { runFormAction, runPublicFormAction, type ActionIo } from './form-action';

// The one action adapter: parse, confirm, call, answer. Next.js itself (the session, revalidatePath and
// redirect) cannot run in a unit test, so `io` records what the adapter asked of it instead.

process.env.AUTH_SECRET ??= 'form-action-test-secret';
const actor: Actor = { kind: 'customer', userId: 'u1', label: 'c@example.test', resellerId: 'r1', customerId: 'c1' };

function harness() {
  const asked: string[] = [];
  const io: ActionIo = {
    actor: async () => actor,
    revalidate: (path) => void asked.push(`revalidate ${path}`),
    redirect: (to) => {
      asked.push(`redirect ${to}`);
      throw new Error('NEXT_REDIRECT');
    },
  };
  return { asked, io };
}

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) data.append(k, one);
  return data;
};
const Name = z.object({ name: z.string().min(2, 'Too short.'), password: z.string().optional() });

describe('runFormAction', () => {
  it('runs nothing when a bound argument is not an id or a flag, and says it is not found', async () => {
    const { io } = harness();
    let ran = false;
    const run = async () => void (ran = true);
    for (const bad of ['../../etc/passwd', 42, null, { id: 'x' }]) {
      const state = await runFormAction(form({}), { bound: [bad], run, done: () => ({}) }, io);
      expect(state.status).toBe('error');
      expect(state.message).toMatch(/not found/);
    }
    expect(ran).toBe(false);
    await runFormAction(form({}), { bound: ['3eac59ac-c351-46af-b087-f9122da3d1e8', true], run, done: () => ({}) }, io);
    expect(ran).toBe(true);
  });

  it('lets a signal of Next.js thrown inside the data step through (a signed-out browser is sent to sign in)', async () => {
    const { io } = harness();
    const signal = Object.assign(new Error('NEXT_REDIRECT'), { digest: 'NEXT_REDIRECT;push;/login;307;' });
    const withRethrow: ActionIo = {
      ...io,
      rethrow: (error) => {
        if (error === signal) throw error;
      },
    };
    const run = async () => {
      throw signal;
    };
    await expect(runFormAction(form({}), { run, done: () => ({}) }, withRethrow)).rejects.toBe(signal);
    // Any other error is still the form's answer.
    const refused = async () => Promise.reject(new DomainError('Not like that.'));
    const state = await runFormAction(form({}), { run: refused, done: () => ({}) }, withRethrow);
    expect(state).toMatchObject({ status: 'error', message: 'Not like that.' });
  });

  it('answers field by field when the schema refuses, keeping what was typed except the password', async () => {
    const { io, asked } = harness();
    const state = await runFormAction(
      form({ name: 'x', password: 'secret' }),
      { schema: Name, run: async () => 'never', done: () => ({}) },
      io,
    );
    expect(state).toEqual({
      status: 'error',
      message: 'Please correct the highlighted fields.',
      fieldErrors: { name: ['Too short.'] },
      values: { name: 'x' },
    });
    expect(asked).toEqual([]);
  });

  it('calls the data function with the actor and the parsed input, then revalidates and answers', async () => {
    const { io, asked } = harness();
    const state = await runFormAction(
      form({ name: 'joe' }),
      {
        schema: Name,
        run: async (who, input) => `${who.label}:${input.name}`,
        done: (result) => ({ revalidate: ['/a', '/b'], message: `saved ${result}` }),
      },
      io,
    );
    expect(state).toEqual({ status: 'ok', message: 'saved c@example.test:joe' });
    expect(asked).toEqual(['revalidate /a', 'revalidate /b']);
  });

  it("redirects after success, outside the error handling (Next's redirect signal is not swallowed)", async () => {
    const { io, asked } = harness();
    await expect(
      runFormAction(form({}), { run: async () => 7, done: (n) => ({ revalidate: ['/x'], redirect: `/x/${n}` }) }, io),
    ).rejects.toThrow('NEXT_REDIRECT');
    expect(asked).toEqual(['revalidate /x', 'redirect /x/7']);
  });

  it("turns a domain error into the form's message and field errors, and changes nothing else", async () => {
    const { io, asked } = harness();
    const state = await runFormAction(
      form({ name: 'joe' }),
      {
        schema: Name,
        run: async () => {
          throw new DomainError('Taken.', { name: ['Taken.'] });
        },
        done: () => ({ revalidate: ['/never'] }),
      },
      io,
    );
    expect(state).toEqual({ status: 'error', message: 'Taken.', fieldErrors: { name: ['Taken.'] }, values: { name: 'joe' } });
    expect(asked).toEqual([]);
  });

  it('asks to confirm a review, with a token that confirms exactly that review for that input', async () => {
    const { io } = harness();
    const review = { warnings: ['Careful.'], changes: [{ address: 'a@b.example', before: 'x', after: 'y' }] };
    let confirmed: boolean | undefined;
    const step = {
      schema: Name,
      run: async (_who: Actor, _input: z.output<typeof Name>, r: { confirm: (shown: typeof review) => boolean }) => {
        confirmed = r.confirm(review);
        if (!confirmed) throw new NeedsConfirmation(review.warnings, review.changes);
        return 'saved';
      },
      done: () => ({ message: 'done' }),
    };
    const first = await runFormAction(form({ name: 'joe' }), step, io);
    expect(first).toMatchObject({ status: 'confirm', warnings: ['Careful.'], changes: review.changes });
    const token = first.confirmToken ?? '';
    // The same input with the token saves; an edited input with the same token is previewed again.
    expect(await runFormAction(form({ name: 'joe', confirmed: token }), step, io)).toEqual({ status: 'ok', message: 'done' });
    expect(confirmed).toBe(true);
    expect((await runFormAction(form({ name: 'jane', confirmed: token }), step, io)).status).toBe('confirm');
  });

  it('shows a generic failure for anything unexpected, never its text', async () => {
    const { io } = harness();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const state = await runFormAction(
        form({}),
        {
          run: async () => {
            throw new Error('db password is hunter2');
          },
          done: () => ({}),
        },
        io,
      );
      expect(state).toEqual({ status: 'error', message: 'Something went wrong and nothing was changed. Please try again.', values: {} });
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});

describe('runPublicFormAction (signing in: no actor yet)', () => {
  const noActor = () => {
    const { io, asked } = harness();
    return { asked, io: { ...io, actor: async () => expect.fail('a public form must not ask for an actor') } };
  };

  it('refuses field by field, never showing the password again', async () => {
    const { io } = noActor();
    const state = await runPublicFormAction(form({ name: '', password: 'pw' }), { schema: Name, run: async () => 1, done: () => ({}) }, io);
    expect(state).toMatchObject({ status: 'error', fieldErrors: { name: ['Too short.'] }, values: { name: '' } });
    expect(state.values).not.toHaveProperty('password');
  });

  it("shows a refusal's message and redirects only after success", async () => {
    const { io, asked } = noActor();
    const refused = await runPublicFormAction(
      form({ name: 'joe', password: 'pw' }),
      {
        schema: Name,
        run: async () => {
          throw new DomainError('That email and password do not match an active login.');
        },
        done: () => ({ redirect: '/' }),
      },
      io,
    );
    expect(refused).toMatchObject({ status: 'error', message: 'That email and password do not match an active login.' });
    expect(asked).toEqual([]);
    await expect(
      runPublicFormAction(
        form({ name: 'joe', password: 'pw' }),
        { schema: Name, run: async (input) => input.name, done: () => ({ redirect: '/' }) },
        io,
      ),
    ).rejects.toThrow('NEXT_REDIRECT');
    expect(asked).toEqual(['redirect /']);
  });
});
