import { tracingChannel } from 'node:diagnostics_channel'
import {
  type Attributes,
  context,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api'
import { STORAGE_CHANNELS, type StorageOperationContext } from '@sessionkit/core'

/** Name and version of this instrumentation, as its tracer and meter report them. */
export const INSTRUMENTATION_NAME = '@sessionkit/example-otel'
const INSTRUMENTATION_VERSION = '0.1.0'

/** Name of the duration histogram, in seconds, one series per backend, operation and outcome. */
export const DURATION_METRIC = 'sessionkit.storage.operation.duration'

/** Span and metric attribute names. */
export const ATTRIBUTES = {
  backend: 'sessionkit.backend',
  operation: 'sessionkit.operation',
  outcome: 'sessionkit.outcome',
  /** OpenTelemetry's semantic convention for what an operation failed with. */
  errorType: 'error.type',
} as const

/** Where spans and metrics go; the globally registered providers when absent. */
export interface InstrumentationOptions {
  readonly tracerProvider?: TracerProvider
  readonly meterProvider?: MeterProvider
}

/** A running instrumentation. */
export interface SessionkitInstrumentation {
  /** Unsubscribe from the channels: later operations make no spans and no measurements. */
  disable(): void
}

/**
 * Turn sessionkit's storage tracing channels into OpenTelemetry data: one span per storage
 * operation (`sessionkit.storage.read`, `.save`, `.destroy`, `.regenerate`), a child of the span
 * active when the operation started, with the backend, operation and outcome as attributes and
 * an error status on failure; and a duration histogram (`DURATION_METRIC`). Nothing that
 * identifies a session (id, cookie, data) is in what the channels publish, so nothing of it can
 * reach a span or a metric.
 */
export function instrumentSessionkit(
  options: InstrumentationOptions = {},
): SessionkitInstrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  )
  const duration = (options.meterProvider ?? metrics.getMeterProvider())
    .getMeter(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION)
    .createHistogram(DURATION_METRIC, {
      description: 'Duration of sessionkit storage operations',
      unit: 's',
    })
  // The context object is the same from start to asyncEnd: it keys the operation's span.
  const spans = new WeakMap<StorageOperationContext, Span>()

  const handlers = {
    start(operation: StorageOperationContext) {
      const span = tracer.startSpan(
        `sessionkit.storage.${operation.operation}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: {
            [ATTRIBUTES.backend]: operation.backend,
            [ATTRIBUTES.operation]: operation.operation,
          },
        },
        context.active(),
      )
      spans.set(operation, span)
    },
    end() {},
    asyncStart() {},
    error(operation: StorageOperationContext) {
      const span = spans.get(operation)
      const type = errorType(operation.error)
      span?.setAttribute(ATTRIBUTES.errorType, type)
      span?.setStatus({ code: SpanStatusCode.ERROR, message: type })
    },
    asyncEnd(operation: StorageOperationContext) {
      const span = spans.get(operation)
      spans.delete(operation)
      const attributes: Attributes = {
        [ATTRIBUTES.backend]: operation.backend,
        [ATTRIBUTES.operation]: operation.operation,
        [ATTRIBUTES.outcome]: operation.outcome ?? 'unknown',
      }
      if (operation.outcome === 'error')
        attributes[ATTRIBUTES.errorType] = errorType(operation.error)
      span?.setAttribute(ATTRIBUTES.outcome, attributes[ATTRIBUTES.outcome] as string)
      span?.end()
      duration.record((operation.duration ?? 0) / 1000, attributes)
    },
  }

  const channels = Object.values(STORAGE_CHANNELS).map((name) =>
    tracingChannel<unknown, StorageOperationContext>(name),
  )
  for (const channel of channels) channel.subscribe(handlers)
  return {
    disable() {
      for (const channel of channels) channel.unsubscribe(handlers)
    },
  }
}

/**
 * A low-cardinality name for what an operation failed with: a sessionkit error's `code`
 * (`SESSION_STORAGE_UNAVAILABLE`, ...), else the error's class name. Never its message.
 */
function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') return code
  return error instanceof Error ? error.name : typeof error
}
