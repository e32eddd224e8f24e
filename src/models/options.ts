import type { Expression } from "../expressions/node.js";

/** `Index({ fields: ["-createdAt"], name })`: a database index (descending with "-"). */
export class Index {
  readonly fields: readonly string[];
  readonly name?: string;
  constructor(spec: { fields: readonly string[]; name?: string }) {
    this.fields = spec.fields;
    this.name = spec.name;
  }
}

/** `UniqueConstraint({ fields, name })`. */
export class UniqueConstraint {
  readonly kind = "unique" as const;
  readonly fields: readonly string[];
  readonly name: string;
  constructor(spec: { fields: readonly string[]; name: string }) {
    this.fields = spec.fields;
    this.name = spec.name;
  }
}

/** `CheckConstraint({ condition: Q({ price__gte: 0 }), name })`. */
export class CheckConstraint {
  readonly kind = "check" as const;
  readonly condition: Expression;
  readonly name: string;
  constructor(spec: { condition: Expression; name: string }) {
    this.condition = spec.condition;
    this.name = spec.name;
  }
}

export type Constraint = UniqueConstraint | CheckConstraint;

export interface ModelOptions {
  /** Table name (default: snake_case of the model name). */
  dbTable?: string;
  /** Default ordering, as orderBy() terms: `["-createdAt", "name"]`. */
  ordering?: readonly string[];
  indexes?: readonly Index[];
  constraints?: readonly Constraint[];
  uniqueTogether?: readonly (readonly string[])[];
  /** Field (or fields) latest()/earliest() use when given none. */
  getLatestBy?: string | readonly string[];
  verboseName?: string;
  /**
   * The model's own QuerySet class (Django's `CityQuerySet.as_manager()`), given
   * as a thunk because the class is usually declared after the model:
   * `{ querySet: () => CityQuerySet }`. Its methods are on `Model.objects`,
   * on related managers and on every QuerySet derived from them.
   */
  querySet?: () => unknown;
  /**
   * The model's manager class (Django's custom Manager): a subclass of
   * ManagerBase, e.g. overriding `getQueryset()` to filter every query.
   * Related managers (`author.articles`) extend it, so its filters apply
   * there too. Given as a thunk: `{ manager: () => PublishedManager }`.
   * Write the class against the model (`ManagerBase<typeof Article>`) and
   * register it in `TangoManagers` to have its methods typed.
   */
  manager?: () => unknown;
}
