import type { Decimal } from "../../values/decimal.js";
import type { Duration } from "../../values/duration.js";
import type { DateString, TimeString } from "../../values/temporal.js";
import type { FieldOptions } from "./field.js";
import type { Info, InfoOf } from "./info.js";
import {
  BigIntegerField,
  DecimalField,
  type DecimalOptions,
  FloatField,
  IntegerField,
} from "./numeric.js";
import {
  ForeignKey,
  type ForeignKeyOptions,
  ManyToManyField,
  type ManyToManyOptions,
  type ModelRef,
  OneToOneField,
} from "./relation.js";
import {
  BinaryField,
  BooleanField,
  CharField,
  type CharOptions,
  JSONField,
  UUIDField,
} from "./scalar.js";
import {
  type AutoNowOptions,
  DateField,
  DateTimeField,
  DurationField,
  TimeField,
} from "./temporal.js";

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

type AutoNowOptional<O> = O extends { autoNow: true }
  ? true
  : O extends { autoNowAdd: true }
    ? true
    : false;
type TemporalInfo<O, T, K extends "date" | "datetime" | "time"> = InfoOf<
  O,
  T,
  K,
  AutoNowOptional<O>
>;

type RelatedNameOf<O> = O extends { relatedName: infer R extends string } ? R : undefined;
type RelatedQueryNameOf<O> = O extends { relatedQueryName: infer R extends string } ? R : undefined;
type ThroughOf<O> = O extends { through: infer T extends ModelRef } ? T : undefined;

/**
 * Field factories: `f.char({ maxLength: 255 })`, `f.foreignKey("Customer", { onDelete: "CASCADE" })`.
 * Options are typed `const`, so `choices` narrow the value type and
 * `null: true` adds `| null`.
 */
export const f = {
  auto: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new IntegerField<Info<number, "int", false, true, true>>("AutoField", {
      ...o,
      primaryKey: true,
    }),
  bigAuto: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new IntegerField<Info<number, "int", false, true, true>>("BigAutoField", {
      ...o,
      primaryKey: true,
    }),
  smallAuto: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new IntegerField<Info<number, "int", false, true, true>>("SmallAutoField", {
      ...o,
      primaryKey: true,
    }),
  integer: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new IntegerField<InfoOf<O, number, "int">>("IntegerField", o),
  smallInteger: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new IntegerField<InfoOf<O, number, "int">>("SmallIntegerField", o),
  positiveInteger: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new IntegerField<InfoOf<O, number, "int">>("PositiveIntegerField", o),
  positiveSmallInteger: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new IntegerField<InfoOf<O, number, "int">>("PositiveSmallIntegerField", o),
  bigInteger: <const O extends FieldOptions<bigint | number> = {}>(o?: O) =>
    new BigIntegerField<InfoOf<O, bigint, "bigint">>("BigIntegerField", o),
  positiveBigInteger: <const O extends FieldOptions<bigint | number> = {}>(o?: O) =>
    new BigIntegerField<InfoOf<O, bigint, "bigint">>("PositiveBigIntegerField", o),
  float: <const O extends FieldOptions<number> = {}>(o?: O) =>
    new FloatField<InfoOf<O, number, "float">>(o),
  decimal: <const O extends DecimalOptions = {}>(o?: O) =>
    new DecimalField<InfoOf<O, Decimal, "decimal">>(o),
  boolean: <const O extends FieldOptions<boolean> = {}>(o?: O) =>
    new BooleanField<InfoOf<O, boolean, "bool">>(o),
  char: <const O extends CharOptions = {}>(o?: O) =>
    new CharField<InfoOf<O, string, "string">>("CharField", o),
  text: <const O extends CharOptions = {}>(o?: O) =>
    new CharField<InfoOf<O, string, "string">>("TextField", o),
  email: <const O extends CharOptions = {}>(o?: O) =>
    new CharField<InfoOf<O, string, "string">>("EmailField", { maxLength: 254, ...o }),
  slug: <const O extends CharOptions = {}>(o?: O) =>
    new CharField<InfoOf<O, string, "string">>("SlugField", { maxLength: 50, dbIndex: true, ...o }),
  url: <const O extends CharOptions = {}>(o?: O) =>
    new CharField<InfoOf<O, string, "string">>("URLField", { maxLength: 200, ...o }),
  uuid: <const O extends FieldOptions<string> = {}>(o?: O) =>
    new UUIDField<InfoOf<O, string, "uuid">>(o),
  json: <T = JsonValue, const O extends FieldOptions<T> = {}>(o?: O) =>
    new JSONField<InfoOf<O, T, "json">>(o),
  date: <const O extends AutoNowOptions = {}>(o?: O) =>
    new DateField<TemporalInfo<O, DateString, "date">>(o),
  dateTime: <const O extends AutoNowOptions = {}>(o?: O) =>
    new DateTimeField<TemporalInfo<O, Date, "datetime">>(o),
  time: <const O extends AutoNowOptions = {}>(o?: O) =>
    new TimeField<TemporalInfo<O, TimeString, "time">>(o),
  duration: <const O extends FieldOptions<Duration> = {}>(o?: O) =>
    new DurationField<InfoOf<O, Duration, "duration">>(o),
  binary: <const O extends FieldOptions<Uint8Array> = {}>(o?: O) =>
    new BinaryField<InfoOf<O, Uint8Array, "binary">>(o),

  foreignKey: <const T extends ModelRef, const O extends ForeignKeyOptions>(to: T, o: O) =>
    new ForeignKey<
      InfoOf<O, unknown, "int">,
      {
        target: T;
        relatedName: RelatedNameOf<O>;
        relatedQueryName: RelatedQueryNameOf<O>;
        kind: "fk";
        through: undefined;
      }
    >(to, o),
  oneToOne: <const T extends ModelRef, const O extends ForeignKeyOptions>(to: T, o: O) =>
    new OneToOneField<
      InfoOf<O, unknown, "int">,
      {
        target: T;
        relatedName: RelatedNameOf<O>;
        relatedQueryName: RelatedQueryNameOf<O>;
        kind: "o2o";
        through: undefined;
      }
    >(to, o),
  manyToMany: <const T extends ModelRef, const O extends ManyToManyOptions = {}>(to: T, o?: O) =>
    new ManyToManyField<
      Info<never, "int", false, true>,
      {
        target: T;
        relatedName: RelatedNameOf<O>;
        relatedQueryName: RelatedQueryNameOf<O>;
        kind: "m2m";
        through: ThroughOf<O>;
      }
    >(to, o),
};

export type { JsonValue };
