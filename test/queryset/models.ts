import { defineModel, f } from "../../src/index.js";

/** Small models for the QuerySet core: a nullable foreign key, a reverse relation, orderings. */
export const QsTeam = defineModel(
  "QsTeam",
  { name: f.char({ maxLength: 50 }), rank: f.integer({ null: true }) },
  { dbTable: "qs_team", ordering: ["name"] },
);

export const QsPlayer = defineModel(
  "QsPlayer",
  {
    name: f.char({ maxLength: 50 }),
    team: f.foreignKey("QsTeam", { onDelete: "SET_NULL", null: true, relatedName: "players" }),
    score: f.integer({ default: 0 }),
    joinedAt: f.dateTime(),
    born: f.date({ null: true }),
  },
  { dbTable: "qs_player", ordering: ["-score", "name"], getLatestBy: "joinedAt" },
);

export const qsModels = [QsTeam, QsPlayer];

declare module "../../src/models/types.js" {
  interface TangoModels {
    QsTeam: typeof QsTeam;
    QsPlayer: typeof QsPlayer;
  }
}

/** Teams: Ants(rank 2), Bees(rank null), Cats(rank 1); players spread over them, one without a team. */
export async function loadTeams(): Promise<void> {
  const [ants, bees, cats] = await QsTeam.objects.bulkCreate([
    new QsTeam({ name: "Ants", rank: 2 }),
    new QsTeam({ name: "Bees", rank: null }),
    new QsTeam({ name: "Cats", rank: 1 }),
  ]);
  const at = (d: string) => new Date(`${d}T12:00:00Z`);
  await QsPlayer.objects.bulkCreate([
    new QsPlayer({
      name: "ann",
      team: ants,
      score: 10,
      joinedAt: at("2024-01-05"),
      born: "1990-03-01",
    }),
    new QsPlayer({ name: "abe", team: ants, score: 30, joinedAt: at("2024-02-10"), born: null }),
    new QsPlayer({
      name: "bob",
      team: bees,
      score: 20,
      joinedAt: at("2024-02-20"),
      born: "1985-07-15",
    }),
    new QsPlayer({
      name: "cat",
      team: cats,
      score: 30,
      joinedAt: at("2023-11-30"),
      born: "2001-12-31",
    }),
    new QsPlayer({ name: "dan", team: null, score: 5, joinedAt: at("2024-03-01"), born: null }),
  ]);
}
