const US_PER_SECOND = 1_000_000;
const US_PER_DAY = 86_400 * US_PER_SECOND;

/**
 * A length of time with microsecond precision (Django's DurationField /
 * Python's timedelta). Stored as bigint microseconds on SQLite and MySQL and
 * as `interval` on PostgreSQL; every value round-trips exactly.
 */
export class Duration {
  /** Total length in microseconds (safe up to about 285 years). */
  readonly microseconds: number;

  constructor(microseconds: number) {
    if (!Number.isSafeInteger(microseconds)) {
      throw new RangeError(`Duration needs a whole number of microseconds, got ${microseconds}`);
    }
    this.microseconds = microseconds;
  }

  static of(parts: {
    days?: number;
    hours?: number;
    minutes?: number;
    seconds?: number;
    milliseconds?: number;
    microseconds?: number;
  }): Duration {
    const us =
      (parts.days ?? 0) * US_PER_DAY +
      (parts.hours ?? 0) * 3600 * US_PER_SECOND +
      (parts.minutes ?? 0) * 60 * US_PER_SECOND +
      (parts.seconds ?? 0) * US_PER_SECOND +
      (parts.milliseconds ?? 0) * 1000 +
      (parts.microseconds ?? 0);
    return new Duration(Math.round(us));
  }

  /** Parse an ISO-8601 duration (`P1DT02H03M04.5S`, `PT90S`, `-P1D`). */
  static parse(iso: string): Duration {
    const m =
      /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
        iso.trim(),
      );
    if (!m || iso.trim() === "P" || iso.trim().endsWith("T"))
      throw new RangeError(`Invalid ISO-8601 duration '${iso}'`);
    const d = Duration.of({
      days: Number(m[2] ?? 0),
      hours: Number(m[3] ?? 0),
      minutes: Number(m[4] ?? 0),
      seconds: Number(m[5] ?? 0),
    });
    return m[1] ? new Duration(-d.microseconds) : d;
  }

  get totalMilliseconds(): number {
    return this.microseconds / 1000;
  }

  /** Python timedelta normalisation: days may be negative, seconds and microseconds never are. */
  get parts(): { days: number; seconds: number; microseconds: number } {
    const days = Math.floor(this.microseconds / US_PER_DAY);
    const rest = this.microseconds - days * US_PER_DAY;
    const seconds = Math.floor(rest / US_PER_SECOND);
    return { days, seconds, microseconds: rest - seconds * US_PER_SECOND };
  }

  equals(other: Duration): boolean {
    return other instanceof Duration && other.microseconds === this.microseconds;
  }

  /** ISO-8601 form as Django serialises timedelta: `P1DT02H03M04.500000S`. */
  toISOString(): string {
    const { days, seconds, microseconds } = this.parts;
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const frac = microseconds ? `.${String(microseconds).padStart(6, "0")}` : "";
    return `P${days}DT${pad2(h)}H${pad2(m)}M${pad2(s)}${frac}S`;
  }

  toJSON(): string {
    return this.toISOString();
  }

  toString(): string {
    return this.toISOString();
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
