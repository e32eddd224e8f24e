/**
 * Bad CTE input is refused with typed errors naming the choices.
 */
import { expect } from "vitest";
import { cte, FieldError, NotSupportedError, recursiveCte, Value } from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import { cteModels, loadTree, TreeCategory } from "./models.js";
import { descendants } from "./trees.js";

forEachDialect("cte: errors", { models: cteModels, fixtures: loadTree }, (t) => {
  t.case("bad input is refused with FieldError, naming the choices", async () => {
    expect(() => cte("cte_category", TreeCategory.objects.all())).toThrow(
      new FieldError(
        "The CTE name 'cte_category' is the table of model TreeCategory; inside the statement it would hide that table. Choose another name.",
      ),
    );
    for (const bad of ["bad name", 'x" ; DROP TABLE cte_category; --', "1st", ""]) {
      expect(() => cte(bad, TreeCategory.objects.all())).toThrow(
        new FieldError(
          `A CTE name must be a letter or underscore followed by letters, digits or underscores (got '${bad}').`,
        ),
      );
    }
    const names = cte("names", TreeCategory.objects.values("name"));
    expect(() => TreeCategory.objects.fromCte(names)).toThrow(
      new FieldError(
        "CTE 'names' cannot be read as TreeCategory rows: it has no column id, parent_id, rank. Select the model's rows in the CTE, or read its columns with joinCte() and col().",
      ),
    );
    expect(() =>
      TreeCategory.objects
        .joinCte(names, { name: "name" })
        .annotate({ x: names.col("nmae" as "name") }),
    ).toThrow(
      new FieldError("CTE 'names' has no column 'nmae'. Columns are: name. Did you mean 'name'?"),
    );
    expect(() => TreeCategory.objects.annotate({ x: names.col("name") })).toThrow(
      new FieldError(
        "CTE 'names' is not read by this query on TreeCategory; join it with joinCte() or read it with fromCte() first.",
      ),
    );
    expect(() => TreeCategory.objects.fromCte("nope")).toThrow(
      new FieldError(
        "No CTE named 'nope' is attached to this query. Attached: none; add it with with().",
      ),
    );
    expect(() =>
      recursiveCte(
        "tree",
        TreeCategory.objects.filter({ name: "a" }).annotate({ depth: Value(0) }),
        (self) => TreeCategory.objects.joinCte(self, { parent: "id" }),
      ),
    ).toThrow(
      new FieldError(
        "The recursive step of CTE 'tree' must select the anchor's columns in the same order: expected (id, name, parent_id, rank, depth), got (id, name, parent_id, rank).",
      ),
    );
    expect(() =>
      TreeCategory.objects
        .with("x", TreeCategory.objects.all())
        .with("x", TreeCategory.objects.filter({ name: "a" })),
    ).toThrow(new FieldError("This query already has a CTE named 'x'."));
    expect(() =>
      TreeCategory.objects.joinCte(names, { name: "name" }).joinCte(names, { name: "name" }),
    ).toThrow(new FieldError("CTE 'names' is already read by this query."));
    expect(() => TreeCategory.objects.joinCte(names, { name: "name", id: "name" })).toThrow(
      new FieldError('joinCte() joins on one column pair, { field: "cteColumn" } (got 2).'),
    );
    expect(() => TreeCategory.objects.joinCte(names, { nmae: "name" })).toThrow(
      new FieldError(
        "joinCte(): TreeCategory has no field named 'nmae'. Choices are: id, name, parent, rank. Did you mean 'name'?",
      ),
    );
    expect(() =>
      recursiveCte("loop", TreeCategory.objects.filter({ name: "a" }), () =>
        TreeCategory.objects.filter({ name: "b" }),
      ),
    ).toThrow(
      new FieldError(
        "The recursive step of CTE 'loop' does not read 'loop'; join it with joinCte(self, …).",
      ),
    );
    expect(() => TreeCategory.objects.filter({ name: "a" }).fromCte(descendants("a"))).toThrow(
      FieldError,
    );
    expect(() =>
      TreeCategory.objects.fromCte(descendants("a")).union(TreeCategory.objects.all()),
    ).toThrow(NotSupportedError);
    expect(() =>
      TreeCategory.objects
        .filter({ name: "a" })
        .union(TreeCategory.objects.all())
        .with(descendants("a")),
    ).toThrow(NotSupportedError);
    await expect(
      TreeCategory.objects.fromCte(descendants("a")).update({ rank: 1 }),
    ).rejects.toThrow(
      new FieldError(
        "Cannot update or delete rows read from CTE 'tree'; filter the model instead: TreeCategory.objects.filter({ pk__in: <the fromCte() QuerySet>.values(\"pk\") }).",
      ),
    );
  });
});
