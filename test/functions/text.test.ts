import { expect } from "vitest";
import {
  Concat,
  F,
  FieldError,
  f,
  Length,
  Lower,
  LTrim,
  Replace,
  RTrim,
  Substr,
  Trim,
  Upper,
  Value,
} from "../../src/index.js";
import { expectSql, forEachDialect } from "../harness/case.js";
import { loadFunctionFixtures } from "./fixtures.js";
import { column } from "./helpers.js";
import { FnPerson, functionModels } from "./models.js";

forEachDialect(
  "functions: Concat, Lower, Upper, Length, Trim, Substr, Replace",
  { models: functionModels, fixtures: loadFunctionFixtures },
  (t) => {
    const people = FnPerson.objects.orderBy("pk");

    t.case("Lower and Upper; SQLite folds ASCII letters only", async ({ dialect }) => {
      const rows = await people
        .annotate({ lower: Lower("name"), upper: Upper("alias"), mail: Lower("email") })
        .values("lower", "upper", "mail");
      expect(rows.map((r) => r.mail)).toEqual([
        "ada@example.com",
        "grace@navy.mil",
        "alan@bletchley.uk",
        "emilie@cirey.fr",
      ]);
      const unicode =
        dialect === "sqlite" ? ["Émilie du châtelet", "éMILIE"] : ["émilie du châtelet", "ÉMILIE"];
      expect(rows.map((r) => r.lower)).toEqual([
        "ada lovelace",
        "grace hopper",
        "  alan turing  ",
        unicode[0],
      ]);
      expect(rows.map((r) => r.upper)).toEqual(["ADA", null, "ALAN", unicode[1]]);
    });

    t.case(
      "Length counts characters (MySQL: CHAR_LENGTH); NULL stays NULL",
      async ({ dialect }) => {
        const qs = people.annotate({ n: Length("name"), a: Length("alias"), b: Length("bio") });
        const rows = await qs.values("n", "a", "b");
        expect(rows).toEqual([
          { n: 12, a: 3, b: 23 },
          { n: 12, a: null, b: null },
          { n: 15, a: 4, b: 6 },
          { n: 18, a: 6, b: 0 },
        ]);
        expectSql(qs.values("n"), dialect, {
          sqlite:
            'SELECT LENGTH("fn_person"."name") AS "n" FROM "fn_person" ORDER BY "fn_person"."id" ASC',
          postgres:
            'SELECT LENGTH("fn_person"."name") AS "n" FROM "fn_person" ORDER BY "fn_person"."id" ASC',
          mysql:
            "SELECT CHAR_LENGTH(`fn_person`.`name`) AS `n` FROM `fn_person` ORDER BY `fn_person`.`id` ASC",
        });
      },
    );

    t.case("Trim, LTrim, RTrim", async () => {
      const [row] = await FnPerson.objects
        .filter({ pk: 3 })
        .annotate({ both: Trim("name"), left: LTrim("name"), right: RTrim("name") })
        .values("both", "left", "right");
      expect(row).toEqual({ both: "Alan Turing", left: "Alan Turing  ", right: "  Alan Turing" });
    });

    t.case("Substr from a position, with and without a length", async ({ dialect }) => {
      const qs = people.annotate({ head: Substr("name", 1, 3), tail: Substr("name", 5) });
      const rows = await qs.values("head", "tail");
      expect(rows.map((r) => r.head)).toEqual(["Ada", "Gra", "  A", "Émi"]);
      expect(rows.map((r) => r.tail)).toEqual([
        "Lovelace",
        "e Hopper",
        "an Turing  ",
        "ie du Châtelet",
      ]);
      expectSql(qs.values("head"), dialect, {
        sqlite:
          'SELECT SUBSTR("fn_person"."name", ?, ?) AS "head" FROM "fn_person" ORDER BY "fn_person"."id" ASC',
        postgres:
          'SELECT SUBSTRING("fn_person"."name", $1::integer, $2::integer) AS "head" FROM "fn_person" ORDER BY "fn_person"."id" ASC',
        mysql:
          "SELECT SUBSTRING(`fn_person`.`name`, ?, ?) AS `head` FROM `fn_person` ORDER BY `fn_person`.`id` ASC",
      });
    });

    t.case("Substr with expression positions; 'pos' must be positive", async () => {
      const rows = await column(
        people.annotate({ v: Substr("email", Length("alias"), Value(2)) }).values("v"),
        "v",
      );
      expect(rows).toEqual(["a@", null, "n@", "e@"]);
      expect(() => Substr("name", 0)).toThrow(new RangeError("'pos' must be greater than 0"));
    });

    t.case("Replace, and Replace with the default (removal)", async () => {
      const rows = await people
        .annotate({
          dashed: Replace("name", Value(" "), Value("-")),
          noA: Replace("alias", Value("a")),
        })
        .values("dashed", "noA");
      expect(rows.map((r) => r.dashed)).toEqual([
        "Ada-Lovelace",
        "Grace-Hopper",
        "--Alan-Turing--",
        "Émilie-du-Châtelet",
      ]);
      // REPLACE is case-sensitive everywhere (MySQL too, whatever the collation).
      expect(rows.map((r) => r.noA)).toEqual(["d", null, "ln", "émilie"]);
    });

    t.case("Concat: NULL counts as an empty string", async ({ dialect }) => {
      const qs = people.annotate({ v: Concat("alias", Value("!")) });
      expect(await column(qs.values("v"), "v")).toEqual(["ada!", "!", "alan!", "émilie!"]);
      expectSql(qs.values("v"), dialect, {
        sqlite:
          'SELECT (COALESCE("fn_person"."alias", \'\') || COALESCE(?, \'\')) AS "v" FROM "fn_person" ORDER BY "fn_person"."id" ASC',
        postgres:
          'SELECT (COALESCE("fn_person"."alias", \'\') || COALESCE($1::varchar, \'\')) AS "v" FROM "fn_person" ORDER BY "fn_person"."id" ASC',
        mysql:
          "SELECT CONCAT_WS('', `fn_person`.`alias`, ?) AS `v` FROM `fn_person` ORDER BY `fn_person`.`id` ASC",
      });
    });

    t.case("Concat of non-text arguments, with outputField", async ({ dialect }) => {
      const qs = people.annotate({
        v: Concat("alias", Value("#"), "id", { outputField: f.char() }),
      });
      expect(await column(qs.values("v"), "v")).toEqual(["ada#1", "#2", "alan#3", "émilie#4"]);
      // PostgreSQL's || needs text: the id is cast, as Django's ConcatPair does.
      if (dialect === "postgres")
        expect(qs.sql().sql).toContain('COALESCE(("fn_person"."id")::text, \'\')');
    });

    t.case("Concat of mixed text types is Django's FieldError", () => {
      expect(() =>
        people.annotate({ v: Concat("name", Value(" <"), "email", Value(">")) }),
      ).toThrow(
        new FieldError(
          "Expression contains mixed types: CharField, EmailField. You must set outputField.",
        ),
      );
      // Pairs are typed from the right, as Django's ConcatPair(a, ConcatPair(b, c)):
      // here (alias, name) is a CharField and only then meets the TextField.
      expect(() => people.annotate({ v: Concat("bio", "alias", "name") })).toThrow(
        "Expression contains mixed types: TextField, CharField. You must set outputField.",
      );
      expect(() => Concat("name")).toThrow(
        new TypeError("Concat must take at least two expressions"),
      );
    });

    t.case("Text functions nest, filter and order", async () => {
      const rows = await FnPerson.objects
        .annotate({ initials: Upper(Substr(Trim("name"), 1, 2)) })
        .filter({ initials__startswith: "A" })
        .orderBy(Lower("name").asc())
        .valuesList("initials", { flat: true });
      // "  alan turing  " sorts before "ada lovelace" (a space before a letter).
      expect(rows).toEqual(["AL", "AD"]);
    });

    t.case("A function over an annotation and in update()", async () => {
      const qs = FnPerson.objects.annotate({ shout: Upper("alias") });
      expect(
        await qs
          .filter({ shout: "ADA" })
          .annotate({ n: Length(F("shout")) })
          .values("n"),
      ).toEqual([{ n: 3 }]);
      await FnPerson.objects.filter({ alias__isnull: true }).update({ alias: Lower("name") });
      expect(await FnPerson.objects.filter({ pk: 2 }).valuesList("alias", { flat: true })).toEqual([
        "grace hopper",
      ]);
    });
  },
);
