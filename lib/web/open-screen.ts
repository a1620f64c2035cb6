import { notFound } from 'next/navigation';
import type { Actor } from '../auth/actor';
import { mayOpen } from '../auth/policy';
import type { Screen } from '../auth/screens';
import { requireActor } from '../session/session';

/**
 * The first line of every panel page: the acting user (or the login page), and a 404 unless the screen
 * table (lib/auth/screens.ts) lets this kind of user open the screen, before anything is loaded.
 */
export async function openScreen(screen: Screen): Promise<Actor> {
  const actor = await requireActor();
  if (!mayOpen(actor, screen)) notFound();
  return actor;
}
