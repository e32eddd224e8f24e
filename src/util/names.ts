/** Return `createdAt` as `created_at` (column and table names). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z0-9])/g, "$1_$2")
    .toLowerCase();
}

/** Return `OrderItem` as `orderItem` (Django's lower-case model name, in camelCase). */
export function lowerFirst(name: string): string {
  return name.length === 0 ? name : name[0].toLowerCase() + name.slice(1);
}
