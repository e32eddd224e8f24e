import type { MultipleObjectsReturned, ObjectDoesNotExist } from "../errors.js";
import type { Manager } from "../queryset/manager.js";
import type { QuerySet } from "../queryset/queryset.js";
import type { ManyRelatedManager, RelatedManager } from "../queryset/related-types.js";
import type { Decimal } from "../values/decimal.js";
import type { AnyField, Field, FieldTypeInfo } from "./fields/field.js";
import type { RelInfo } from "./fields/relation.js";
import type { ModelBase } from "./instance.js";
import type { ModelMeta } from "./meta.js";
import type { RefreshOptions, SaveOptions } from "./runtime.js";

/**
 * The application's models, for typing relations given by name and reverse
 * relations. Register them once:
 *
 * ```ts
 * declare module "tango-orm" {
 *   interface TangoModels { Customer: typeof Customer; Order: typeof Order }
 * }
 * ```
 * Unregistered names still work at run time; their relations are typed loosely.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface TangoModels {}

/**
 * The models' own QuerySet classes, for typing their domain methods on
 * `Model.objects`, related managers and derived QuerySets. Register each
 * class under its model name, passing R and A through so annotations made
 * by one custom method are seen by the next:
 *
 * ```ts
 * declare module "tango-orm" {
 *   interface TangoQuerySets<R, A> { City: CityQuerySet<R, A> }
 * }
 * ```
 */
export interface TangoQuerySets<R = unknown, A extends object = {}> {
  /** Phantom (types only): the row type the registered classes are instantiated with. */
  readonly __rows?: R;
  /** Phantom (types only): the annotations they are instantiated with. */
  readonly __annotations?: A;
}

/**
 * The models' own manager classes (the `manager` option), for typing their
 * methods on `Model.objects` and on related managers. Register each class
 * under its model name; write it against that model so its getQueryset()
 * and methods are typed:
 *
 * ```ts
 * class PublishedManager extends ManagerBase<typeof Article> { … }
 * declare module "tango-orm" {
 *   interface TangoManagers { Article: PublishedManager }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface TangoManagers {}

/** The domain methods of model M's own QuerySet (none without one), for rows R and annotations A. */
export type CustomMethods<M, R, A extends object> =
  NameOf<M> extends keyof TangoQuerySets<R, A>
    ? Omit<TangoQuerySets<R, A>[NameOf<M>], keyof QuerySet<AnyModel, unknown, {}>>
    : {};

export type FieldMap = Record<string, AnyField>;

/** A model class made by defineModel. */
export interface ModelClass<N extends string = string, F extends FieldMap = FieldMap> {
  // The phantom name comes first: comparing two model classes stops at it, cheaply.
  /** Phantom: the model name (types only). */
  readonly __name?: N;
  /** Phantom: the field definitions (types only). */
  readonly __fields?: F;
  readonly meta: ModelMeta;
  readonly objects: Manager<ModelClass<N, F>>;
  readonly DoesNotExist: new (message?: string) => ObjectDoesNotExist;
  readonly MultipleObjectsReturned: new (message?: string) => MultipleObjectsReturned;
  readonly prototype: InstanceOf<N, F>;
  new (values?: CreateInput<N, F>): InstanceOf<N, F>;
}

/** Any model class (the structural upper bound of every ModelClass). */
export interface AnyModel {
  new (...args: never[]): object;
  readonly prototype: object;
  readonly meta: ModelMeta;
  readonly __fields?: FieldMap;
  readonly __name?: string;
}

/** Match a model class by its phantom name and fields (cheaper and sturdier than matching the whole class). */
export interface Phantom<N extends string, F extends FieldMap> {
  readonly __name?: N;
  readonly __fields?: F;
}

export type FieldsOf<M> = M extends { readonly __fields?: infer F }
  ? F extends FieldMap
    ? F
    : never
  : never;
export type NameOf<M> = M extends { readonly __name?: infer N }
  ? N extends string
    ? N
    : never
  : never;

export type InfoOfField<X> = X extends Field<infer I> ? I : never;
export type RelOf<X> = X extends { readonly __rel: infer R }
  ? R extends RelInfo
    ? R
    : never
  : never;

export type ScalarKeys<F> = { [K in keyof F]: [RelOf<F[K]>] extends [never] ? K : never }[keyof F] &
  string;
export type FkKeys<F> = {
  [K in keyof F]: [RelOf<F[K]>] extends [never]
    ? never
    : RelOf<F[K]> extends { kind: "fk" | "o2o" }
      ? K
      : never;
}[keyof F] &
  string;
export type M2MKeys<F> = {
  [K in keyof F]: [RelOf<F[K]>] extends [never]
    ? never
    : RelOf<F[K]> extends { kind: "m2m" }
      ? K
      : never;
}[keyof F] &
  string;

type Nullable<I extends FieldTypeInfo, T> = I["null"] extends true ? T | null : T;
export type ValueOfField<X> = Nullable<InfoOfField<X>, InfoOfField<X>["value"]>;

type HasExplicitPk<F> = true extends { [K in keyof F]: InfoOfField<F[K]>["pk"] }[keyof F]
  ? true
  : false;

/** The type of a model's primary key. */
export type PkOf<F> = [F] extends [never]
  ? number | string // a model the types cannot see (unregistered relation target)
  : string extends keyof F
    ? number | string
    : PkOfKnown<F>;

type PkOfKnown<F> =
  HasExplicitPk<F> extends true
    ? {
        [K in keyof F]: InfoOfField<F[K]>["pk"] extends true ? InfoOfField<F[K]>["value"] : never;
      }[keyof F]
    : number;

/** Resolve a relation target to its model class type. */
export type ResolveRef<R, Self> = AsModel<
  R extends "self"
    ? Self
    : R extends () => infer M
      ? M
      : R extends keyof TangoModels
        ? TangoModels[R]
        : UnknownModel
>;

type AsModel<M> = M extends AnyModel ? M : UnknownModel;

/** A model the type system cannot see (an unregistered name): loosely typed. */
export interface UnknownModel extends AnyModel {
  new (values?: Record<string, unknown>): ModelBase & Record<string, unknown>;
}

type TargetOf<X, N extends string, F extends FieldMap> = ResolveRef<
  RelOf<X>["target"],
  ModelClass<N, F>
>;

export type FkIdOf<X, N extends string, F extends FieldMap> = Nullable<
  InfoOfField<X>,
  PkOf<FieldsOf<TargetOf<X, N, F>>>
>;

export interface InstanceMethods {
  pk: unknown;
  save(options?: SaveOptions): Promise<void>;
  delete(): Promise<[number, Record<string, number>]>;
  refreshFromDb(options?: RefreshOptions): Promise<void>;
  fetchRelated(name: string): Promise<unknown>;
}

type ImplicitId<F> = HasExplicitPk<F> extends true ? {} : { id: number };

export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/** The name of a relation's target model (MN for "self"). */
export type TargetNameOf<R extends RelInfo, MN extends string> = R["target"] extends "self"
  ? MN
  : R["target"] extends () => infer T
    ? NameOf<T>
    : R["target"];

/** The accessor a relation adds to its target (`relatedName`, else `<model>Set` / `<model>` for one-to-one). */
export type ReverseAccessorName<
  R extends RelInfo,
  MN extends string,
> = R["relatedName"] extends string
  ? R["relatedName"] extends `${string}+`
    ? never
    : R["relatedName"]
  : R["kind"] extends "o2o"
    ? Uncapitalize<MN>
    : `${Uncapitalize<MN>}Set`;

type ReverseFrom<M, N extends string> =
  M extends Phantom<infer MN extends string, infer MF extends FieldMap>
    ? ReverseFromFields<M, MN, MF, N>
    : never;

type ReverseFromFields<M, MN extends string, MF extends FieldMap, N extends string> = {
  readonly [K in keyof MF as [RelOf<MF[K]>] extends [never]
    ? never
    : TargetNameOf<RelOf<MF[K]>, MN> extends N
      ? ReverseAccessorName<RelOf<MF[K]>, MN>
      : never]: RelOf<MF[K]>["kind"] extends "o2o"
    ? InstanceOf<MN, MF>
    : RelOf<MF[K]>["kind"] extends "m2m"
      ? ManyRelatedManager<AsModel<M>>
      : RelatedManager<AsModel<M>>;
};

/** Accessors other registered models add to model N (`customer.orders`). */
export type ReverseAccessors<N extends string> = [keyof TangoModels] extends [never]
  ? {}
  : string extends N
    ? {}
    : UnionToIntersection<
        { [MN in keyof TangoModels]: ReverseFrom<TangoModels[MN], N> }[keyof TangoModels]
      >;

/** An instance of the model with name N and fields F. */
export type InstanceOf<N extends string, F extends FieldMap> = ModelBase &
  InstanceMethods & { -readonly [K in ScalarKeys<F>]: ValueOfField<F[K]> } & ImplicitId<F> & {
    pk: PkOf<F>;
  } & {
    -readonly [K in FkKeys<F> as `${K}Id`]: FkIdOf<F[K], N, F>;
  } & {
    -readonly [K in FkKeys<F>]: Nullable<InfoOfField<F[K]>, Instance<TargetOf<F[K], N, F>>>;
  } & {
    readonly [K in M2MKeys<F>]: ManyRelatedManager<TargetOf<F[K], N, F>>;
  } & ReverseAccessors<N>;

/** The instance type of a model class: `Instance<typeof Customer>`. */
export type Instance<M> =
  M extends Phantom<infer N, infer F>
    ? string extends N
      ? ModelBase & Record<string, unknown> // a model not known statically
      : InstanceOf<N, F>
    : M extends UnknownModel
      ? ModelBase & Record<string, unknown>
      : never;

export type InputOf<X> = InfoOfField<X>["kind"] extends "decimal"
  ? Decimal | string | number
  : InfoOfField<X>["kind"] extends "datetime"
    ? Date | string
    : InfoOfField<X>["kind"] extends "date"
      ? InfoOfField<X>["value"] | Date
      : InfoOfField<X>["kind"] extends "bigint"
        ? bigint | number
        : InfoOfField<X>["value"];

export type OptionalKeys<F> = {
  [K in ScalarKeys<F>]: InfoOfField<F[K]>["optional"] extends true ? K : never;
}[ScalarKeys<F>];
export type RequiredKeys<F> = Exclude<ScalarKeys<F>, OptionalKeys<F>>;

/** What `new Model({...})` and `create({...})` accept. */
export type CreateInput<N extends string, F extends FieldMap> = {
  [K in RequiredKeys<F>]: Nullable<InfoOfField<F[K]>, InputOf<F[K]>>;
} & { [K in OptionalKeys<F>]?: Nullable<InfoOfField<F[K]>, InputOf<F[K]>> } & ImplicitIdInput<F> & {
    [K in FkKeys<F>]?: Nullable<InfoOfField<F[K]>, Instance<TargetOf<F[K], N, F>>>;
  } & { [K in FkKeys<F> as `${K}Id`]?: FkIdOf<F[K], N, F> };

type ImplicitIdInput<F> = HasExplicitPk<F> extends true ? {} : { id?: number };

/** CreateInput of a model class. */
export type CreateInputOf<M> = M extends Phantom<infer N, infer F> ? CreateInput<N, F> : never;
