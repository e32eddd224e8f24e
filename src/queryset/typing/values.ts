import type { Expression } from "../../expressions/node.js";
import type { CreateInputOf } from "../../models/types.js";

/** The TS type an expression produces (`unknown` when it is not known statically). */
export type ExpressionValue<E> = E extends Expression<infer T> ? T : unknown;

/** Annotation name → value type. */
export type ExpressionValues<E> = { -readonly [K in keyof E]: ExpressionValue<E[K]> };

/** What update() accepts: any subset of the fields, as values or expressions. */
export type UpdateInput<M> = {
  [K in keyof CreateInputOf<M>]?: CreateInputOf<M>[K] | Expression<unknown> | null;
};
