import { type PartyRelation, type Role } from '../vocabulary.js';

export interface Actor {
  readonly party: PartyRelation;
  readonly role: Role;
  readonly userId: string;
}

export interface TransitionRule<S extends string> {
  readonly from: S;
  readonly to: S;
  /** Who may make it: any listed party acting in one of its roles. */
  readonly allowed: readonly { readonly party: PartyRelation; readonly roles: readonly Role[] }[];
  readonly reasonRequired: boolean;
  /** Maker-checker: the user who created the record may not make this transition. */
  readonly makerChecker?: boolean;
  readonly description: string;
}

export interface TransitionResult<S extends string> {
  from: S;
  to: S;
  byUserId: string;
  reason?: string;
}
