import { resetSequences } from "../../src/index.js";
import { InstCustomer, InstNote, InstTicket } from "./models.js";

/**
 * Customers ann (1) and bob (2); tickets T1..T4 with priorities 2, 5, 5, 1;
 * notes with publishedOn dates.
 */
export async function loadInstanceFixtures(): Promise<void> {
  await InstCustomer.objects.bulkCreate([
    new InstCustomer({ id: 1, name: "ann", email: "ann@example.com" }),
    new InstCustomer({ id: 2, name: "bob", email: "bob@example.com" }),
  ]);
  await InstTicket.objects.bulkCreate([
    new InstTicket({ id: 1, code: "T1", priority: 2, customerId: 1 }),
    new InstTicket({ id: 2, code: "T2", priority: 5, customerId: 1 }),
    new InstTicket({ id: 3, code: "T3", priority: 5, customerId: 2 }),
    new InstTicket({ id: 4, code: "T4", priority: 1, customerId: 2 }),
  ]);
  await InstNote.objects.bulkCreate([
    new InstNote({ id: 1, title: "jan", publishedOn: "2024-01-10", customerId: 1 }),
    new InstNote({ id: 2, title: "mar", publishedOn: "2024-03-05", customerId: 2 }),
    new InstNote({ id: 3, title: "feb", publishedOn: "2024-02-20", customerId: null }),
  ]);
  // Explicit ids do not move PostgreSQL sequences (as in Django, loaddata resets them).
  await resetSequences([InstCustomer, InstTicket, InstNote]);
}
