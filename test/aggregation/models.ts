import { defineModel, f } from "../../src/index.js";

/**
 * A small model set for grouping semantics: teams (default ordering by
 * name) and their members (default ordering by score, descending), so
 * the Meta.ordering rules of grouped queries can be seen.
 */
export const Team = defineModel(
  "Team",
  {
    name: f.char({ maxLength: 50 }),
    city: f.char({ maxLength: 50 }),
  },
  { dbTable: "aggt_team", ordering: ["name"] },
);

export const Member = defineModel(
  "Member",
  {
    team: f.foreignKey("Team", { onDelete: "CASCADE", relatedName: "members" }),
    name: f.char({ maxLength: 50 }),
    score: f.integer(),
    joined: f.date(),
    active: f.boolean({ default: true }),
  },
  { dbTable: "aggt_member", ordering: ["-score"] },
);

export const groupingModels = [Team, Member];

declare module "../../src/models/types.js" {
  interface TangoModels {
    Team: typeof Team;
    Member: typeof Member;
  }
}

/**
 * Reds (Lyon): 3 members, scores 90/40/10; Blues (Paris): 2 members, 70/70;
 * Greens (Lyon): none.
 */
export async function loadTeams(): Promise<void> {
  const [reds, blues] = await Team.objects.bulkCreate([
    new Team({ name: "Reds", city: "Lyon" }),
    new Team({ name: "Blues", city: "Paris" }),
    new Team({ name: "Greens", city: "Lyon" }),
  ]);
  await Member.objects.bulkCreate([
    new Member({ teamId: reds.pk, name: "Ann", score: 90, joined: "2024-01-05" }),
    new Member({ teamId: reds.pk, name: "Bob", score: 40, joined: "2024-02-10", active: false }),
    new Member({ teamId: reds.pk, name: "Cid", score: 10, joined: "2024-02-20" }),
    new Member({ teamId: blues.pk, name: "Dee", score: 70, joined: "2024-01-15" }),
    new Member({ teamId: blues.pk, name: "Eve", score: 70, joined: "2024-03-01" }),
  ]);
}
