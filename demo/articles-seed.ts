/**
 * Rows for articles 000 and 002: 60 projects (6 without tasks) with up to 8
 * tasks each; 50 states with 20–80 cities each. Deterministic, like seed.ts.
 */
import { atomic } from "../src/index.js";
import { City, Project, State, Task } from "./articles-models.js";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedArticles(): Promise<Record<string, number>> {
  const random = rng(2000);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const projects = Array.from(
    { length: 60 },
    (_, i) => new Project({ id: i + 1, name: `Project ${i + 1}` }),
  );
  const tasks: InstanceType<typeof Task>[] = [];
  for (const p of projects) {
    if ((p.id as number) % 10 === 4) continue; // no tasks: its average is null
    for (let n = int(1, 8); n > 0; n--) {
      tasks.push(
        new Task({
          projectId: p.id,
          title: `Task ${tasks.length + 1}`,
          progress: `${int(0, 100)}.00`,
        }),
      );
    }
  }
  const states = Array.from(
    { length: 50 },
    (_, i) => new State({ id: i + 1, name: `State ${i + 1}` }),
  );
  const cities: InstanceType<typeof City>[] = [];
  for (const s of states) {
    for (let n = int(20, 80); n > 0; n--) {
      cities.push(
        new City({
          name: `City ${cities.length + 1}`,
          stateId: s.id,
          population: int(1_000, 2_000_000),
          area: int(10, 1_500),
        }),
      );
    }
  }
  await atomic(async () => {
    await Project.objects.bulkCreate(projects);
    await Task.objects.bulkCreate(tasks, { batchSize: 500 });
    await State.objects.bulkCreate(states);
    await City.objects.bulkCreate(cities, { batchSize: 500 });
  });
  return {
    projects: projects.length,
    tasks: tasks.length,
    states: states.length,
    cities: cities.length,
  };
}
