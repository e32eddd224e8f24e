import { getDatabase } from "../db/database.js";
import { withConnection } from "../db/execute.js";
import { atomic } from "../db/transaction.js";
import type { Dialect } from "../dialects/dialect.js";
import { QNode } from "../expressions/q.js";
import { ForeignKey } from "../models/fields/relation.js";
import type { ModelMeta } from "../models/meta.js";
import type { CheckConstraint } from "../models/options.js";
import { throughLinks } from "../models/through.js";
import type { AnyModel } from "../models/types.js";
import { withFilter } from "../query/filter.js";
import { ParamBag } from "../query/params.js";
import { emptyQuery } from "../query/query.js";

/** Return the models plus the join tables of their many-to-manys, parents before children. */
export function withJoinTables(models: readonly AnyModel[]): ModelMeta[] {
  const metas: ModelMeta[] = [];
  const add = (m: ModelMeta) => {
    if (!metas.includes(m)) metas.push(m);
  };
  for (const m of models) add(m.meta);
  for (const m of models)
    for (const f of m.meta.manyToMany) if (!f.m2m.through) add(throughLinks(f).through);
  return dependencyOrder(metas);
}

function dependencyOrder(metas: ModelMeta[]): ModelMeta[] {
  const out: ModelMeta[] = [];
  const visiting = new Set<ModelMeta>();
  const visit = (m: ModelMeta) => {
    if (out.includes(m) || visiting.has(m)) return;
    visiting.add(m);
    for (const f of m.fields) {
      if (!(f instanceof ForeignKey)) continue;
      const target = f.relatedMeta();
      if (target !== m && metas.includes(target)) visit(target);
    }
    visiting.delete(m);
    out.push(m);
  };
  for (const m of metas) visit(m);
  return out;
}

/** A CHECK condition compiled with bare column names and inline literals (DDL takes no parameters). */
function checkCompiler(dialect: Dialect) {
  return (meta: ModelMeta, constraint: CheckConstraint): string => {
    const cond =
      constraint.condition instanceof QNode
        ? constraint.condition
        : new QNode([constraint.condition]);
    const bag = new ParamBag([]);
    const where = withFilter(emptyQuery(meta), cond, bag).where;
    const c = dialect.createCompiler(bag.values);
    c.qualifyColumns = false;
    const sql = c.withBaseScope(meta.table, () => c.conditionSql(where));
    return dialect.inlineParams(sql, c.w.params);
  };
}

async function openEditor(alias: string | undefined) {
  const db = getDatabase(alias);
  await db.ready();
  return { db, editor: db.dialect.schemaEditor(checkCompiler(db.dialect)) };
}

/**
 * Create the tables of these models (and their many-to-many join tables):
 * columns, NOT NULL, primary keys, unique, checks, indexes and foreign keys
 * with their ON DELETE. The schema editor migrations will use.
 *
 * @example
 * await createTables([Customer, Product, Order, OrderItem]);
 */
export async function createTables(
  models: readonly AnyModel[],
  options: { using?: string } = {},
): Promise<void> {
  const { db, editor } = await openEditor(options.using);
  const { tables, after } = editor.createStatements(withJoinTables(models));
  const run = async () =>
    withConnection(db, async (exec) => {
      for (const sql of [...tables, ...after]) await exec(sql);
    });
  if (db.dialect.features.supportsTransactionalDdl) await atomic(run, { using: options.using });
  else await run();
}

/** Drop the tables of these models (and their join tables), if they exist. */
export async function dropTables(
  models: readonly AnyModel[],
  options: { using?: string } = {},
): Promise<void> {
  const { db, editor } = await openEditor(options.using);
  const metas = withJoinTables(models).reverse();
  await withConnection(db, async (exec) => {
    for (const sql of editor.dropPrologue()) await exec(sql);
    try {
      for (const m of metas) await exec(editor.dropTable(m));
    } finally {
      for (const sql of editor.dropEpilogue()) await exec(sql);
    }
  });
}

/**
 * After inserting rows with explicit primary keys, move each table's id
 * sequence past the largest id (PostgreSQL; other databases do it themselves).
 */
export async function resetSequences(
  models: readonly AnyModel[],
  options: { using?: string } = {},
): Promise<void> {
  const { db, editor } = await openEditor(options.using);
  await withConnection(db, async (exec) => {
    for (const m of withJoinTables(models)) {
      const sql = editor.resetSequence(m);
      if (sql) await exec(sql);
    }
  });
}
