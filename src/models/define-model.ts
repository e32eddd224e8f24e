import { FieldError, MultipleObjectsReturned, ObjectDoesNotExist } from "../errors.js";
import { snakeCase } from "../util/names.js";
import {
  ensureReverseAccessors,
  installForwardAccessor,
  installManagerAccessor,
} from "./accessors.js";
import type { AnyField, Field } from "./fields/field.js";
import { IntegerField } from "./fields/numeric.js";
import { ForeignKey, ManyToManyField } from "./fields/relation.js";
import { ModelBase, RESERVED_NAMES } from "./instance.js";
import { ModelMeta } from "./meta.js";
import type { ModelOptions } from "./options.js";
import { registerMeta } from "./registry.js";
import { getRuntime } from "./runtime.js";
import type { ModelClass } from "./types.js";

export type FieldDefinitions = Record<string, AnyField>;

const NAME_RE = /^[A-Za-z][A-Za-z0-9]*$/;
/** Auto-created join models are named `<Model>_<field>`. */
const AUTO_NAME_RE = /^[A-Za-z][A-Za-z0-9]*_[A-Za-z][A-Za-z0-9_]*$/;
const FIELD_NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Define a model: its fields, its table, its options. Returns the model
 * class, with `objects` (the manager), `DoesNotExist` and
 * `MultipleObjectsReturned`. Instances are typed from the definition.
 *
 * @example
 * export const Customer = defineModel("Customer", {
 *   name: f.char({ maxLength: 255 }),
 *   email: f.email({ unique: true }),
 * });
 */
export function defineModel<
  const Name extends string,
  const F extends FieldDefinitions,
  const O extends ModelOptions = {},
>(name: Name, fields: F, options?: O): ModelClass<Name, F> {
  return createModel(name, fields, options ?? {}, false) as unknown as ModelClass<Name, F>;
}

/** Build and register a model class (also used for auto-created many-to-many through models). */
export function createModel(
  name: string,
  definitions: FieldDefinitions,
  options: ModelOptions,
  autoCreated: boolean,
): typeof ModelBase {
  if (!NAME_RE.test(name) && !(autoCreated && AUTO_NAME_RE.test(name))) {
    throw new FieldError(
      `Invalid model name '${name}': use letters and digits, starting with a letter`,
    );
  }
  const meta = new ModelMeta(name, options.dbTable ?? snakeCase(name), options, autoCreated);
  const concrete: Field[] = [];
  const m2m: ManyToManyField[] = [];
  const defs = Object.entries(definitions);
  if (!defs.some(([, d]) => d?.options?.primaryKey)) {
    concrete.push(new IntegerField("BigAutoField", { primaryKey: true }).bind(meta, "id"));
  }
  for (const [fieldName, def] of defs) {
    checkFieldName(name, fieldName, def);
    const bound = def.bind(meta, fieldName);
    if (bound instanceof ManyToManyField) m2m.push(bound);
    else concrete.push(bound);
  }
  const attnames = new Set<string>();
  for (const f of concrete) {
    if (attnames.has(f.attname) || (f.attname !== f.name && definitions[f.attname])) {
      throw new FieldError(`${name}: field '${f.attname}' clashes with another field's name`);
    }
    attnames.add(f.attname);
  }
  meta.setFields(concrete, m2m);

  const cls = { [name]: class extends ModelBase {} }[name];
  Object.defineProperty(cls, "meta", { value: meta, enumerable: false });
  meta.modelClass = cls;
  const proto = cls.prototype;
  for (const f of concrete) if (f instanceof ForeignKey) installForwardAccessor(proto, f);
  for (const f of m2m) installManagerAccessor(proto, f.name);
  defineErrorClasses(cls, name);
  let manager: unknown;
  Object.defineProperty(cls, "objects", {
    enumerable: false,
    get() {
      if (manager === undefined) manager = getRuntime().createManager(meta);
      return manager;
    },
  });
  registerMeta(meta);
  ensureReverseAccessors(meta);
  return cls;
}

function checkFieldName(model: string, name: string, def: unknown): void {
  if (!(def && typeof def === "object" && "bind" in def)) {
    throw new FieldError(
      `${model}.${name} is not a field: use f.char(), f.integer(), f.foreignKey(), …`,
    );
  }
  if (!FIELD_NAME_RE.test(name) || name.includes("__") || name.endsWith("_")) {
    throw new FieldError(
      `${model}: invalid field name '${name}' (letters, digits and single underscores; no '__')`,
    );
  }
  if (RESERVED_NAMES.has(name)) {
    throw new FieldError(`${model}: '${name}' is reserved on instances; choose another field name`);
  }
}

function defineErrorClasses(cls: typeof ModelBase, name: string): void {
  const DoesNotExist = { [`${name}DoesNotExist`]: class extends ObjectDoesNotExist {} }[
    `${name}DoesNotExist`
  ];
  const Multiple = {
    [`${name}MultipleObjectsReturned`]: class extends MultipleObjectsReturned {},
  }[`${name}MultipleObjectsReturned`];
  Object.defineProperty(cls, "DoesNotExist", { value: DoesNotExist, enumerable: false });
  Object.defineProperty(cls, "MultipleObjectsReturned", { value: Multiple, enumerable: false });
}
