import type { AnyModel, Instance } from "./types.js";

/** What every receiver gets: the model class that sent the signal. */
export interface SignalBase<M> {
  readonly sender: M;
}

export interface PreSaveArgs<M> extends SignalBase<M> {
  readonly instance: Instance<M>;
  /** Always false: Tango has no fixture loading (Django's `raw`). */
  readonly raw: boolean;
  readonly using: string;
  /** The names passed as `save({ updateFields })`, else null. */
  readonly updateFields: readonly string[] | null;
}

export interface PostSaveArgs<M> extends PreSaveArgs<M> {
  /** True when the save inserted a new row. */
  readonly created: boolean;
}

export interface DeleteArgs<M> extends SignalBase<M> {
  readonly instance: Instance<M>;
  readonly using: string;
  /** The instance or QuerySet whose delete() started the deletion (Django's `origin`). */
  readonly origin: unknown;
}

export type M2MAction =
  | "pre_add"
  | "post_add"
  | "pre_remove"
  | "post_remove"
  | "pre_clear"
  | "post_clear";

/** m2mChanged: `sender` is the through model; `model` the class of the rows added/removed. */
export interface M2MChangedArgs<M> extends SignalBase<M> {
  readonly instance: object;
  readonly action: M2MAction;
  /** False when changed from the model that declares the field (`book.authors.add`), true from the other side. */
  readonly reverse: boolean;
  readonly model: AnyModel;
  /** Primary keys added or removed (for add: only those not already linked); null for clear. */
  readonly pkSet: Set<unknown> | null;
  readonly using: string;
}

/** A receiver; what it returns is ignored (a promise is awaited). */
export type Receiver<Args> = (args: Args) => unknown;

interface Connection {
  readonly receiver: Receiver<never>;
  readonly sender: unknown;
  readonly uid: unknown;
}

export interface ConnectOptions<M> {
  /** Only signals sent by this model (any model when omitted). */
  sender?: M;
  /** Connect a receiver once: a second connect with the same id is ignored. */
  dispatchUid?: string;
}

/**
 * A signal (Django's `django.dispatch.Signal`): receivers connect, per
 * sender or for every sender; `send()` calls them in the order they were
 * connected and awaits each one before the next. A receiver that throws
 * stops the operation that sent the signal, as in Django.
 *
 * @example
 * postSave.connect(({ instance, created }) => { if (created) audit(instance); }, { sender: Order });
 */
export class Signal<Args extends SignalBase<unknown>> {
  #connections: Connection[] = [];

  constructor(readonly name: string) {}

  /** Call `receiver` whenever the signal is sent (by `sender` only, when given). */
  connect<M extends AnyModel>(
    receiver: Receiver<ArgsFor<Args, M>>,
    options?: ConnectOptions<M>,
  ): void;
  connect(receiver: Receiver<Args>, options?: ConnectOptions<unknown>): void;
  connect(receiver: Receiver<never>, options: ConnectOptions<unknown> = {}): void {
    if (typeof receiver !== "function") {
      throw new TypeError(`${this.name}.connect() takes a function, got ${typeof receiver}`);
    }
    const uid = options.dispatchUid ?? receiver;
    const sender = options.sender;
    if (this.#connections.some((c) => c.uid === uid && c.sender === sender)) return;
    this.#connections = [...this.#connections, { receiver, sender, uid }];
  }

  /** Disconnect a receiver (or the one connected under `dispatchUid`); return whether one was. */
  disconnect(receiver?: Receiver<never>, options: ConnectOptions<unknown> = {}): boolean {
    const uid = options.dispatchUid ?? receiver;
    const before = this.#connections.length;
    this.#connections = this.#connections.filter(
      (c) => !(c.uid === uid && c.sender === options.sender),
    );
    return this.#connections.length < before;
  }

  /** Is any receiver connected for this sender (or for every sender)? */
  hasListeners(sender?: unknown): boolean {
    return this.#connections.some((c) => c.sender === undefined || c.sender === sender);
  }

  /** Call the receivers for `args.sender`, one after the other. */
  async send(args: Args): Promise<void> {
    for (const c of this.#connections) {
      if (c.sender === undefined || c.sender === args.sender) {
        await (c.receiver as Receiver<Args>)(args);
      }
    }
  }
}

/** The signal's arguments with the sender's instance type. */
type ArgsFor<Args, M> =
  Args extends PostSaveArgs<unknown>
    ? PostSaveArgs<M>
    : Args extends PreSaveArgs<unknown>
      ? PreSaveArgs<M>
      : Args extends DeleteArgs<unknown>
        ? DeleteArgs<M>
        : Args extends M2MChangedArgs<unknown>
          ? M2MChangedArgs<M>
          : Args;

/** Before save() writes an instance (not sent by update(), bulkCreate() or bulkUpdate()). */
export const preSave = new Signal<PreSaveArgs<AnyModel>>("preSave");
/** After save() wrote an instance; `created` tells an INSERT from an UPDATE. */
export const postSave = new Signal<PostSaveArgs<AnyModel>>("postSave");
/** Before each instance a delete() removes (cascaded rows included), once the deletion is collected. */
export const preDelete = new Signal<DeleteArgs<AnyModel>>("preDelete");
/** After each instance a delete() removed. */
export const postDelete = new Signal<DeleteArgs<AnyModel>>("postDelete");
/** Around many-to-many add/remove/clear/set, sent by the through model. */
export const m2mChanged = new Signal<M2MChangedArgs<AnyModel>>("m2mChanged");
