/**
 * Tango: Django's QuerySet for TypeScript. Everything public is exported
 * from here.
 */
import "./queryset/instance-ops.js";

export type {
  DatabaseRouter,
  DatabaseSettings,
  NPlusOneOptions,
  QueryLogEntry,
  RoutedModel,
  RouterHints,
  TangoConfig,
} from "./db/config.js";
export { configure } from "./db/config.js";
export { closeConnections } from "./db/database.js";
export {
  detectNPlusOne,
  type NPlusOneReport,
  nPlusOneMiddleware,
  nPlusOneScope,
} from "./db/n-plus-one.js";
export { assertNumQueries, captureQueries } from "./db/query-log.js";
export {
  type AtomicOptions,
  atomic,
  type IsolationLevel,
  inTransaction,
  onCommit,
} from "./db/transaction.js";
export {
  BatchUpdateError,
  DatabaseError,
  DataError,
  FieldError,
  FieldNotLoaded,
  ImproperlyConfigured,
  IntegrityError,
  MultipleObjectsReturned,
  NotSupportedError,
  NPlusOneError,
  ObjectDoesNotExist,
  OperationalError,
  ProgrammingError,
  ProtectedError,
  RelationNotLoaded,
  RestrictedError,
  RouterError,
  TangoError,
  TransactionManagementError,
  type UpdateBatch,
  ValidationError,
} from "./errors.js";
export {
  AggregateNode,
  AnyValue,
  Avg,
  Count,
  Max,
  Min,
  StdDev,
  Sum,
  Variance,
} from "./expressions/aggregates.js";
export { Case, CaseExpression, When } from "./expressions/case.js";
export { CombinedExpression, ExpressionWrapper, Value } from "./expressions/combinable.js";
export { CteColumnExpression } from "./expressions/cte-column.js";
export { F, FExpression, OuterRef } from "./expressions/f.js";
export { FuncNode } from "./expressions/func.js";
export {
  Cast,
  Coalesce,
  Greatest,
  Least,
  NullIf,
} from "./expressions/functions/comparison.js";
export {
  Extract,
  ExtractDay,
  ExtractHour,
  ExtractIsoWeekDay,
  ExtractIsoYear,
  ExtractMinute,
  ExtractMonth,
  type ExtractPart,
  ExtractQuarter,
  ExtractSecond,
  ExtractWeek,
  ExtractWeekDay,
  ExtractYear,
  Now,
} from "./expressions/functions/datetime.js";
export { Abs, Ceil, Floor, Round } from "./expressions/functions/math.js";
export { RawSQL, RawSqlNode } from "./expressions/functions/raw.js";
export {
  Concat,
  Length,
  Lower,
  LTrim,
  Replace,
  RTrim,
  Substr,
  Trim,
  Upper,
} from "./expressions/functions/text.js";
export {
  Trunc,
  TruncDate,
  TruncDay,
  TruncHour,
  type TruncKind,
  TruncMinute,
  TruncMonth,
  TruncQuarter,
  TruncSecond,
  TruncTime,
  TruncWeek,
  TruncYear,
} from "./expressions/functions/trunc.js";
export { Expression } from "./expressions/node.js";
export { OrderBy } from "./expressions/order-by.js";
export { Q, QNode } from "./expressions/q.js";
export {
  Exists,
  ExistsExpression,
  Subquery,
  SubqueryExpression,
} from "./expressions/subquery.js";
export {
  type AggregateMaker,
  SubqueryAggregate,
  SubqueryAggregateExpression,
  SubqueryCount,
} from "./expressions/subquery-aggregate.js";
export type { FrameOptions, WindowOptions, WindowSource } from "./expressions/window.js";
export {
  RowRange,
  ValueRange,
  Window,
  type WindowFrame,
  WindowFrameExclusion,
  WindowNode,
} from "./expressions/window.js";
export type { LagLeadOptions, WindowFunction } from "./expressions/window-functions.js";
export {
  CumeDist,
  DenseRank,
  FirstValue,
  Lag,
  LastValue,
  Lead,
  NthValue,
  Ntile,
  PercentRank,
  Rank,
  RowNumber,
} from "./expressions/window-functions.js";
export { createTables, dropTables, resetSequences } from "./migrations/schema.js";
export { defineModel } from "./models/define-model.js";
export { f } from "./models/fields/factories.js";
export type { OnDelete } from "./models/fields/relation.js";
export { ModelBase } from "./models/instance.js";
export type { ModelOptions } from "./models/options.js";
export { CheckConstraint, Index, UniqueConstraint } from "./models/options.js";
export type {
  ConnectOptions,
  DeleteArgs,
  M2MAction,
  M2MChangedArgs,
  PostSaveArgs,
  PreSaveArgs,
  Receiver,
} from "./models/signals.js";
export { m2mChanged, postDelete, postSave, preDelete, preSave, Signal } from "./models/signals.js";
export { type InstanceState, instanceState } from "./models/state.js";
export type {
  AnyModel,
  CreateInputOf,
  CustomMethods,
  Instance,
  ModelClass,
  TangoManagers,
  TangoModels,
  TangoQuerySets,
} from "./models/types.js";
export type { UpdateOptions, UpdateProgress } from "./queryset/batched-update.js";
export {
  Cte,
  type CteColumnName,
  type CteLike,
  cte,
  type RowsOf,
  recursiveCte,
} from "./queryset/cte.js";
export type { QuerySetOf } from "./queryset/custom.js";
export type { M2MSetOptions, ThroughOptions } from "./queryset/m2m-manager.js";
export type { Manager } from "./queryset/manager.js";
export { ManagerBase } from "./queryset/manager.js";
// relations: prefetchRelated
export { prefetchRelatedObjects } from "./queryset/prefetch.js";
export type { PrefetchLookup, ToAttrs } from "./queryset/prefetch-spec.js";
export { Prefetch, PrefetchSpec } from "./queryset/prefetch-spec.js";
export type { CteExtraColumns } from "./queryset/queryset.js";
export { QuerySet } from "./queryset/queryset.js";
export type { BulkOptions, SetOptions } from "./queryset/related-managers.js";
export type { ManyRelatedManager, RelatedManager } from "./queryset/related-types.js";
export { Decimal } from "./values/decimal.js";
export { Duration } from "./values/duration.js";
export type { DateString, TimeString } from "./values/temporal.js";
