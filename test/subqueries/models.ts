import { defineModel, f } from "../../src/index.js";
import { throughLinks } from "../../src/models/through.js";

/** Writers, their posts and tags: subqueries over reverse FKs and many-to-many. */
export const Writer = defineModel(
  "Writer",
  { name: f.char({ maxLength: 50 }), rating: f.integer({ default: 0 }) },
  { dbTable: "sq_writer" },
);

export const Tag = defineModel("Tag", { name: f.char({ maxLength: 20 }) }, { dbTable: "sq_tag" });

export const Post = defineModel(
  "Post",
  {
    writer: f.foreignKey("Writer", { onDelete: "CASCADE", relatedName: "posts" }),
    title: f.char({ maxLength: 50 }),
    score: f.integer(),
    published: f.boolean({ default: true }),
    day: f.date(),
    tags: f.manyToMany("Tag", { relatedName: "posts", dbTable: "sq_post_tags" }),
  },
  { dbTable: "sq_post" },
);

export const subqueryModels = [Writer, Tag, Post];

declare module "../../src/models/types.js" {
  interface TangoModels {
    Writer: typeof Writer;
    Tag: typeof Tag;
    Post: typeof Post;
  }
}

/**
 * Ann: posts a (10, 2024-01-01, tags x,y), b (30, 2024-02-01, tag x), c (5, unpublished, 2024-03-01);
 * Bob: post d (20, 2024-01-15, tag y); Cy: no posts.
 */
export async function loadWriters(): Promise<void> {
  const [ann, bob] = await Writer.objects.bulkCreate([
    new Writer({ name: "Ann", rating: 5 }),
    new Writer({ name: "Bob", rating: 3 }),
    new Writer({ name: "Cy", rating: 1 }),
  ]);
  const [x, y] = await Tag.objects.bulkCreate([new Tag({ name: "x" }), new Tag({ name: "y" })]);
  const [a, b, , d] = await Post.objects.bulkCreate([
    new Post({ writerId: ann.pk, title: "a", score: 10, day: "2024-01-01" }),
    new Post({ writerId: ann.pk, title: "b", score: 30, day: "2024-02-01" }),
    new Post({ writerId: ann.pk, title: "c", score: 5, day: "2024-03-01", published: false }),
    new Post({ writerId: bob.pk, title: "d", score: 20, day: "2024-01-15" }),
  ]);
  const links = throughLinks(Post.meta.manyToMany[0]);
  const Through = links.through.modelClass as unknown as {
    objects: { bulkCreate(o: unknown[]): Promise<unknown> };
    new (v: Record<string, unknown>): unknown;
  };
  const link = (post: { pk: unknown }, tag: { pk: unknown }) =>
    new Through({ [links.source.attname]: post.pk, [links.target.attname]: tag.pk });
  await Through.objects.bulkCreate([link(a, x), link(a, y), link(b, x), link(d, y)]);
}
