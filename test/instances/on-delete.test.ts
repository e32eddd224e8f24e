import { expect } from "vitest";
import {
  assertNumQueries,
  atomic,
  IntegrityError,
  ProtectedError,
  RestrictedError,
  resetSequences,
} from "../../src/index.js";
import { forEachDialect } from "../harness/case.js";
import {
  OdAlbum,
  OdArtist,
  OdCascade,
  OdLeaf,
  OdNothing,
  OdOwner,
  OdProtect,
  OdSetDefault,
  OdSetNull,
  OdSong,
  onDeleteModels,
} from "./on-delete-models.js";

/** Owners 1 (the SET_DEFAULT fallback), 2 and 3. */
async function owners() {
  await OdOwner.objects.bulkCreate([1, 2, 3].map((id) => new OdOwner({ id, name: `o${id}` })));
  await resetSequences([OdOwner]);
  return Promise.all([1, 2, 3].map((pk) => OdOwner.objects.get({ pk })));
}

forEachDialect("instances › delete and onDelete", { models: onDeleteModels }, (t) => {
  t.case("CASCADE deletes the referencing rows (and theirs) and counts each model", async () => {
    const [, two, three] = await owners();
    const kids = await OdCascade.objects.bulkCreate([
      new OdCascade({ owner: two }),
      new OdCascade({ owner: two }),
      new OdCascade({ owner: three }),
    ]);
    await OdLeaf.objects.bulkCreate([
      new OdLeaf({ parent: kids[0] }),
      new OdLeaf({ parent: kids[2] }),
    ]);
    expect(await two.delete()).toEqual([4, { OdOwner: 1, OdCascade: 2, OdLeaf: 1 }]);
    expect(two.pk).toBeNull();
    expect(await OdCascade.objects.count()).toBe(1);
    expect(await OdLeaf.objects.count()).toBe(1);
  });

  t.case("QuerySet.delete() sums the counts over every row", async () => {
    const [, two, three] = await owners();
    await OdCascade.objects.bulkCreate([
      new OdCascade({ owner: two }),
      new OdCascade({ owner: three }),
    ]);
    expect(await OdOwner.objects.filter({ pk__in: [2, 3] }).delete()).toEqual([
      4,
      { OdOwner: 2, OdCascade: 2 },
    ]);
    expect(await OdOwner.objects.valuesList("pk", { flat: true })).toEqual([1]);
  });

  t.case("a sliced queryset cannot be deleted, even when rows reference it", async () => {
    await owners();
    await expect(OdOwner.objects.orderBy("pk").slice(0, 1).delete()).rejects.toThrow(
      "Cannot use 'limit' or 'offset' with delete().",
    );
    expect(await OdOwner.objects.count()).toBe(3);
  });

  t.case("a delete reaching more rows than one statement's batch counts them all", async () => {
    const [, two, three] = await owners();
    const n = 2_500; // more than one batch of 1,000 keys
    await OdCascade.objects.bulkCreate(
      Array.from({ length: n }, (_, i) => new OdCascade({ owner: i % 2 ? two : three })),
    );
    const kids = await OdCascade.objects.valuesList("pk", { flat: true });
    await OdLeaf.objects.bulkCreate(kids.map((pk) => new OdLeaf({ parentId: pk })));
    expect(await OdOwner.objects.filter({ pk__in: [2, 3] }).delete()).toEqual([
      2 + 2 * n,
      { OdOwner: 2, OdCascade: n, OdLeaf: n },
    ]);
    expect(await OdLeaf.objects.count()).toBe(0);
  });

  t.case("nothing matched deletes nothing: [0, {}]", async () => {
    await owners();
    expect(await OdOwner.objects.filter({ name: "nobody" }).delete()).toEqual([0, {}]);
  });

  t.case("PROTECT raises ProtectedError listing the rows; nothing is deleted", async () => {
    const [, two] = await owners();
    await OdCascade.objects.create({ owner: two });
    const guard = await OdProtect.objects.create({ owner: two });
    const err = (await two.delete().catch((e: unknown) => e)) as ProtectedError;
    expect(err).toBeInstanceOf(ProtectedError);
    expect(err).toBeInstanceOf(IntegrityError);
    expect(err.message).toBe(
      "Cannot delete some instances of model 'OdOwner' because they are referenced through protected foreign keys: 'OdProtect.owner'.",
    );
    expect(err.protectedObjects.map((o) => (o as { pk: unknown }).pk)).toEqual([guard.pk]);
    expect(err.protectedObjects[0]).toBeInstanceOf(OdProtect);
    expect(await OdOwner.objects.count()).toBe(3);
    expect(await OdCascade.objects.count()).toBe(1);
  });

  t.case("PROTECT reached through a cascade also refuses", async () => {
    const [, two] = await owners();
    const kid = await OdCascade.objects.create({ owner: two });
    await OdLeaf.objects.create({ parent: kid });
    await OdProtect.objects.create({ owner: two });
    await expect(OdOwner.objects.filter({ pk: 2 }).delete()).rejects.toThrow(ProtectedError);
    expect(await OdLeaf.objects.count()).toBe(1);
  });

  t.case(
    "RESTRICT refuses a direct delete but not one that reaches the row by CASCADE",
    async () => {
      const artist = await OdArtist.objects.create({ name: "a" });
      const album = await OdAlbum.objects.create({ artist });
      const song = await OdSong.objects.create({ artist, album });
      const err = (await album.delete().catch((e: unknown) => e)) as RestrictedError;
      expect(err).toBeInstanceOf(RestrictedError);
      expect(err.message).toBe(
        "Cannot delete some instances of model 'OdAlbum' because they are referenced through restricted foreign keys: 'OdSong.album'.",
      );
      expect(err.restrictedObjects.map((o) => (o as { pk: unknown }).pk)).toEqual([song.pk]);
      expect(await OdAlbum.objects.count()).toBe(1);
      // The song is deleted anyway (through its artist), so the album may go too.
      // The artist's key, then per relation: albums, songs (cascade), the album's songs (restrict);
      // then one DELETE per model, dependents first.
      const result = await assertNumQueries(7, () => artist.delete());
      expect(result).toEqual([3, { OdArtist: 1, OdAlbum: 1, OdSong: 1 }]);
    },
  );

  t.case("SET_NULL empties the key of the referencing rows", async () => {
    const [, two] = await owners();
    const kid = await OdSetNull.objects.create({ owner: two });
    expect(await two.delete()).toEqual([1, { OdOwner: 1 }]);
    await kid.refreshFromDb();
    expect(kid.ownerId).toBeNull();
  });

  t.case("SET_DEFAULT points the referencing rows at the field's default", async () => {
    const [, two] = await owners();
    const kid = await OdSetDefault.objects.create({ owner: two });
    expect(await two.delete()).toEqual([1, { OdOwner: 1 }]);
    await kid.refreshFromDb();
    expect(kid.ownerId).toBe(1);
  });

  t.case("DO_NOTHING leaves it to the database, which refuses; nothing changes", async () => {
    const [, two] = await owners();
    await OdNothing.objects.create({ owner: two });
    await OdCascade.objects.create({ owner: two });
    await expect(atomic(() => two.delete())).rejects.toThrow(IntegrityError);
    expect(await OdOwner.objects.count()).toBe(3);
    expect(await OdCascade.objects.count()).toBe(1);
  });
});
