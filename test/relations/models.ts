import type { AnyModel } from "../../src/index.js";
import { defineModel, f } from "../../src/index.js";
import { resetSequences } from "../../src/migrations/schema.js";
import type { ModelBase } from "../../src/models/instance.js";
import { throughLinks } from "../../src/models/through.js";

/** Relation shapes the ecommerce set lacks: a nullable key, one-to-ones, explicit through. */
export const RnTeam = defineModel(
  "RnTeam",
  {
    name: f.char({ maxLength: 50 }),
    city: f.foreignKey("RnCity", { onDelete: "CASCADE", relatedName: "teams" }),
  },
  { dbTable: "rn_team" },
);

export const RnCity = defineModel(
  "RnCity",
  { name: f.char({ maxLength: 50 }) },
  { dbTable: "rn_city" },
);

export const RnPerson = defineModel(
  "RnPerson",
  {
    name: f.char({ maxLength: 50 }),
    team: f.foreignKey("RnTeam", { onDelete: "SET_NULL", null: true, relatedName: "members" }),
    mentor: f.foreignKey("self", { onDelete: "SET_NULL", null: true, relatedName: "mentees" }),
    tags: f.manyToMany("RnTag", { relatedName: "people" }),
    clubs: f.manyToMany("RnClub", { through: "RnMembership", relatedName: "members" }),
    /** Symmetrical (Django's default for "self"): one through row per direction. */
    friends: f.manyToMany("self"),
  },
  { dbTable: "rn_person" },
);

export const RnPassport = defineModel(
  "RnPassport",
  {
    number: f.char({ maxLength: 20 }),
    person: f.oneToOne("RnPerson", { onDelete: "CASCADE", relatedName: "passport" }),
  },
  { dbTable: "rn_passport" },
);

export const RnTag = defineModel(
  "RnTag",
  { label: f.char({ maxLength: 20 }) },
  { dbTable: "rn_tag" },
);

export const RnClub = defineModel(
  "RnClub",
  { name: f.char({ maxLength: 20 }) },
  { dbTable: "rn_club" },
);

export const RnMembership = defineModel(
  "RnMembership",
  {
    person: f.foreignKey("RnPerson", { onDelete: "CASCADE" }),
    club: f.foreignKey("RnClub", { onDelete: "CASCADE" }),
    role: f.char({ maxLength: 20 }),
  },
  { dbTable: "rn_membership" },
);

/** The person's passport number, or null when they have none (reading it raises DoesNotExist). */
export function passportNumber(p: { readonly passport: { number: string } }): string | null {
  try {
    return p.passport.number;
  } catch (e) {
    if (e instanceof RnPassport.DoesNotExist) return null;
    throw e;
  }
}

export const relationModels: readonly AnyModel[] = [
  RnCity,
  RnTeam,
  RnTag,
  RnClub,
  RnPerson,
  RnPassport,
  RnMembership,
];

/**
 * Cities: Lyon(1), Oslo(2). Teams: Red(1, Lyon), Blue(2, Oslo).
 * People: ann(1, Red), bob(2, Red), cy(3, no team), dee(4, Blue); bob and dee are
 * mentored by ann, cy by bob.
 * Passports: P-ANN for ann, P-DEE for dee. Tags: x(1) on ann and bob, y(2) on ann.
 * Clubs: chess(1) ann=captain, bob=member; golf(2) dee=member.
 * Friends (symmetrical): ann–bob and ann–cy, one through row per direction as
 * add() writes them; plus one lone row dee → cy (written directly): dee's
 * friend is cy, but cy's friends do not include dee (Django reads one side).
 */
export async function loadRelationFixtures(): Promise<void> {
  await RnCity.objects.bulkCreate([
    new RnCity({ id: 1, name: "Lyon" }),
    new RnCity({ id: 2, name: "Oslo" }),
  ]);
  await RnTeam.objects.bulkCreate([
    new RnTeam({ id: 1, name: "Red", cityId: 1 }),
    new RnTeam({ id: 2, name: "Blue", cityId: 2 }),
  ]);
  await RnPerson.objects.bulkCreate([
    new RnPerson({ id: 1, name: "ann", teamId: 1 }),
    new RnPerson({ id: 2, name: "bob", teamId: 1, mentorId: 1 }),
    new RnPerson({ id: 3, name: "cy", teamId: null, mentorId: 2 }),
    new RnPerson({ id: 4, name: "dee", teamId: 2, mentorId: 1 }),
  ]);
  await RnPassport.objects.bulkCreate([
    new RnPassport({ id: 1, number: "P-ANN", personId: 1 }),
    new RnPassport({ id: 2, number: "P-DEE", personId: 4 }),
  ]);
  await RnTag.objects.bulkCreate([
    new RnTag({ id: 1, label: "x" }),
    new RnTag({ id: 2, label: "y" }),
  ]);
  await RnClub.objects.bulkCreate([
    new RnClub({ id: 1, name: "chess" }),
    new RnClub({ id: 2, name: "golf" }),
  ]);
  await RnMembership.objects.bulkCreate([
    new RnMembership({ id: 1, personId: 1, clubId: 1, role: "captain" }),
    new RnMembership({ id: 2, personId: 2, clubId: 1, role: "member" }),
    new RnMembership({ id: 3, personId: 4, clubId: 2, role: "member" }),
  ]);
  const links = throughLinks(RnPerson.meta.manyToMany.find((m) => m.name === "tags")!);
  const Through = links.through.modelClass as new (v: Record<string, unknown>) => ModelBase;
  const pairs = [
    [1, 1],
    [1, 2],
    [2, 1],
  ];
  await (
    links.through.modelClass as { objects: { bulkCreate(o: ModelBase[]): Promise<unknown> } }
  ).objects.bulkCreate(
    pairs.map(([p, t]) => new Through({ [links.source.attname]: p, [links.target.attname]: t })),
  );
  const friends = throughLinks(RnPerson.meta.manyToMany.find((m) => m.name === "friends")!);
  const Friendship = friends.through.modelClass as new (v: Record<string, unknown>) => ModelBase;
  await (
    friends.through.modelClass as { objects: { bulkCreate(o: ModelBase[]): Promise<unknown> } }
  ).objects.bulkCreate(
    [
      [1, 2],
      [2, 1],
      [1, 3],
      [3, 1],
      [4, 3],
    ].map(([a, b]) => new Friendship({ [friends.source.attname]: a, [friends.target.attname]: b })),
  );
  // Explicit ids: move PostgreSQL sequences past them so create() works in tests.
  await resetSequences(relationModels);
}

declare module "../../src/models/types.js" {
  interface TangoModels {
    RnCity: typeof RnCity;
    RnTeam: typeof RnTeam;
    RnPerson: typeof RnPerson;
    RnPassport: typeof RnPassport;
    RnTag: typeof RnTag;
    RnClub: typeof RnClub;
    RnMembership: typeof RnMembership;
  }
}
