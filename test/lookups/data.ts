/**
 * The lookup fixtures as plain data: loaded into the database by
 * fixtures.ts and walked in memory by oracle.ts.
 *
 *   id title          body          rating author createdAt (UTC)          publishedOn startsAt   tags
 *   1  Hello World    100% sure     5      Alice  2024-01-15 10:30:45.123  2024-01-15  09:15:30   news, Tech
 *   2  hello again    a_b c         3      Alice  2024-04-20 23:59:59      2024-04-20  23:45:00   news
 *   3  Über Straße    back\slash    null   bob    2023-12-31 00:00:00      null        00:00:00   -
 *   4  Zed's post     plain         8      bob    2024-07-01 12:00:00      2024-07-01  12:00:00.5 Tech
 *
 * Carol (author 3) has no posts; tag "misc" (3) has no posts.
 */
export type Row = Record<string, unknown> & { id: number };

export const AUTHORS: Row[] = [
  { id: 1, name: "Alice Smith", email: "alice@example.com" },
  { id: 2, name: "bob jones", email: "BOB@Example.org" },
  { id: 3, name: "Carol", email: null },
];

export const TAGS: Row[] = [
  { id: 1, name: "news" },
  { id: 2, name: "Tech" },
  { id: 3, name: "misc" },
];

export const POSTS: Row[] = [
  {
    id: 1,
    title: "Hello World",
    body: "100% sure",
    rating: 5,
    authorId: 1,
    createdAt: new Date("2024-01-15T10:30:45.123Z"),
    publishedOn: "2024-01-15",
    startsAt: "09:15:30",
  },
  {
    id: 2,
    title: "hello again",
    body: "a_b c",
    rating: 3,
    authorId: 1,
    createdAt: new Date("2024-04-20T23:59:59Z"),
    publishedOn: "2024-04-20",
    startsAt: "23:45:00",
  },
  {
    id: 3,
    title: "Über Straße",
    body: "back\\slash",
    rating: null,
    authorId: 2,
    createdAt: new Date("2023-12-31T00:00:00Z"),
    publishedOn: null,
    startsAt: "00:00:00",
  },
  {
    id: 4,
    title: "Zed's post",
    body: "plain",
    rating: 8,
    authorId: 2,
    createdAt: new Date("2024-07-01T12:00:00Z"),
    publishedOn: "2024-07-01",
    startsAt: "12:00:00.5",
  },
];

export const POST_TAGS: Row[] = [
  { id: 1, postId: 1, tagId: 1 },
  { id: 2, postId: 1, tagId: 2 },
  { id: 3, postId: 2, tagId: 1 },
  { id: 4, postId: 4, tagId: 2 },
];

export const COMMENTS: Row[] = [
  { id: 1, postId: 1, text: "great", score: 5 },
  { id: 2, postId: 1, text: "meh", score: 1 },
  { id: 3, postId: 2, text: "Great!", score: 4 },
  { id: 4, postId: 4, text: "ok", score: 2 },
];
