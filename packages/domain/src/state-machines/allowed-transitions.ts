import { type Actor, type TransitionRule } from './transition.types.js';

/** The transitions out of `from` that this actor's party and role may make. */
export function allowedTransitions<S extends string>({
  table,
  from,
  actor,
}: {
  table: readonly TransitionRule<S>[];
  from: S;
  actor: Pick<Actor, 'party' | 'role'>;
}): TransitionRule<S>[] {
  return table.filter(
    (rule) =>
      rule.from === from &&
      rule.allowed.some((who) => who.party === actor.party && who.roles.includes(actor.role)),
  );
}
