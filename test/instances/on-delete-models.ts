import type { AnyModel } from "../../src/index.js";
import { defineModel, f } from "../../src/index.js";

/** One referencing model per onDelete mode, all pointing at OdOwner. */
export const OdOwner = defineModel("OdOwner", { name: f.char({ maxLength: 20 }) });

const to = (onDelete: "CASCADE" | "PROTECT" | "SET_NULL" | "DO_NOTHING", relatedName: string) =>
  f.foreignKey("OdOwner", { onDelete, null: onDelete === "SET_NULL", relatedName });

export const OdCascade = defineModel("OdCascade", { owner: to("CASCADE", "cascades") });
export const OdProtect = defineModel("OdProtect", { owner: to("PROTECT", "protects") });
export const OdSetNull = defineModel("OdSetNull", { owner: to("SET_NULL", "setNulls") });
export const OdNothing = defineModel("OdNothing", { owner: to("DO_NOTHING", "nothings") });
/** Falls back to owner 1 when its owner is deleted. */
export const OdSetDefault = defineModel("OdSetDefault", {
  owner: f.foreignKey("OdOwner", {
    onDelete: "SET_DEFAULT",
    default: 1,
    relatedName: "setDefaults",
  }),
});
/** A grandchild: deleting an owner cascades to OdCascade, then here. */
export const OdLeaf = defineModel("OdLeaf", {
  parent: f.foreignKey("OdCascade", { onDelete: "CASCADE", relatedName: "leaves" }),
});

/** Django's RESTRICT example: a song restricts its album, but goes with its artist. */
export const OdArtist = defineModel("OdArtist", { name: f.char({ maxLength: 20 }) });
export const OdAlbum = defineModel("OdAlbum", {
  artist: f.foreignKey("OdArtist", { onDelete: "CASCADE", relatedName: "albums" }),
});
export const OdSong = defineModel("OdSong", {
  artist: f.foreignKey("OdArtist", { onDelete: "CASCADE", relatedName: "songs" }),
  album: f.foreignKey("OdAlbum", { onDelete: "RESTRICT", relatedName: "songs" }),
});

export const onDeleteModels: readonly AnyModel[] = [
  OdOwner,
  OdCascade,
  OdProtect,
  OdSetNull,
  OdNothing,
  OdSetDefault,
  OdLeaf,
  OdArtist,
  OdAlbum,
  OdSong,
];

declare module "../../src/models/types.js" {
  interface TangoModels {
    OdOwner: typeof OdOwner;
    OdCascade: typeof OdCascade;
    OdProtect: typeof OdProtect;
    OdSetNull: typeof OdSetNull;
    OdNothing: typeof OdNothing;
    OdSetDefault: typeof OdSetDefault;
    OdLeaf: typeof OdLeaf;
    OdArtist: typeof OdArtist;
    OdAlbum: typeof OdAlbum;
    OdSong: typeof OdSong;
  }
}
