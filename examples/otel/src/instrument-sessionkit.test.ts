import { context, SpanStatusCode } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import type { SessionStorage } from '@sessionkit/core'
import { createSessionStorage, type SessionDriver, storageIdOf } from '@sessionkit/core/driver'
import { createMemoryDriver, createMemorySessionStorage } from '@sessionkit/memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ATTRIBUTES,
  DURATION_METRIC,
  instrumentSessionkit,
  type SessionkitInstrumentation,
} from './instrument-sessionkit.js'

let spanExporter: InMemorySpanExporter
let metricExporter: InMemoryMetricExporter
let metricReader: PeriodicExportingMetricReader
let instrumentation: SessionkitInstrumentation
let storage: SessionStorage
let tracerProvider: BasicTracerProvider

beforeEach(() => {
  spanExporter = new InMemorySpanExporter()
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  metricReader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  })
  tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  })
  instrumentation = instrumentSessionkit({
    tracerProvider,
    meterProvider: new MeterProvider({ readers: [metricReader] }),
  })
  storage = createMemorySessionStorage()
})

afterEach(async () => {
  instrumentation.disable()
  await storage.close()
  await metricReader.shutdown()
})

/** Store a session holding recognisable data; its cookie value. */
async function storedSession(): Promise<string> {
  const session = await storage.read(null)
  session.set('email', 'alice@example.com')
  const cookie = await storage.save(session)
  if (!cookie) throw new Error('the session was not stored')
  return cookie
}

/** Each finished span's name, outcome and status, in order. */
const spanSummary = (spans: readonly ReadableSpan[]) =>
  spans.map((span) => [
    span.name,
    span.attributes[ATTRIBUTES.outcome],
    SpanStatusCode[span.status.code],
  ])

/** The duration histogram's points, as `operation outcome` → count. */
async function durationCounts(): Promise<Record<string, number>> {
  await metricReader.forceFlush()
  const histogram = metricExporter
    .getMetrics()
    .at(-1)
    ?.scopeMetrics.flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === DURATION_METRIC)
  if (!histogram) throw new Error(`no ${DURATION_METRIC} exported`)
  expect(histogram.descriptor.unit).toBe('s')
  const points = histogram.dataPoints as DataPoint<Histogram>[]
  return Object.fromEntries(
    points.map((point) => [
      `${point.attributes[ATTRIBUTES.backend]} ${point.attributes[ATTRIBUTES.operation]} ${point.attributes[ATTRIBUTES.outcome]}`,
      point.value.count,
    ]),
  )
}

describe('instrumentSessionkit', () => {
  it('makes one span per storage operation, with backend, operation and outcome', async () => {
    const cookie = await storedSession()
    const session = await storage.read(cookie)
    session.set('visits', 1)
    expect(await storage.save(session)).toBe(cookie)
    const again = await storage.read(cookie)
    again.regenerateId()
    const moved = await storage.save(again)
    const last = await storage.read(moved)
    last.destroy()
    expect(await storage.save(last)).toBe('')
    expect((await storage.read(moved)).isNew).toBe(true)

    const spans = spanExporter.getFinishedSpans()
    expect(spanSummary(spans)).toEqual([
      ['sessionkit.storage.save', 'created', 'UNSET'],
      ['sessionkit.storage.read', 'found', 'UNSET'],
      ['sessionkit.storage.save', 'updated', 'UNSET'],
      ['sessionkit.storage.read', 'found', 'UNSET'],
      ['sessionkit.storage.regenerate', 'regenerated', 'UNSET'],
      ['sessionkit.storage.read', 'found', 'UNSET'],
      ['sessionkit.storage.destroy', 'destroyed', 'UNSET'],
      ['sessionkit.storage.read', 'missing', 'UNSET'],
    ])
    for (const span of spans) {
      expect(span.attributes[ATTRIBUTES.backend]).toBe('memory')
      expect(span.name).toBe(`sessionkit.storage.${span.attributes[ATTRIBUTES.operation]}`)
      expect(span.ended).toBe(true)
    }
  })

  it('records a duration histogram per backend, operation and outcome', async () => {
    const cookie = await storedSession()
    for (let i = 0; i < 3; i++) await storage.read(cookie)
    await storage.read(storedSessionIdThatIsUnknown())
    expect(await durationCounts()).toEqual({
      'memory save created': 1,
      'memory read found': 3,
      'memory read missing': 1,
    })
  })

  it('makes an error span, and counts the failure, when the driver fails', async () => {
    let broken = false
    const memory = createMemoryDriver()
    const failing: SessionDriver = {
      ...memory,
      load: (id, ttl) => {
        if (broken) return Promise.reject(new Error('connection refused'))
        return memory.load(id, ttl)
      },
    }
    await storage.close()
    storage = createSessionStorage(failing)
    const cookie = await storedSession()
    broken = true
    await expect(storage.read(cookie)).rejects.toMatchObject({
      code: 'SESSION_STORAGE_UNAVAILABLE',
    })

    const failed = spanExporter.getFinishedSpans().at(-1)
    expect(failed?.name).toBe('sessionkit.storage.read')
    expect(failed?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'SESSION_STORAGE_UNAVAILABLE',
    })
    expect(failed?.attributes).toEqual({
      [ATTRIBUTES.backend]: 'memory',
      [ATTRIBUTES.operation]: 'read',
      [ATTRIBUTES.outcome]: 'error',
      [ATTRIBUTES.errorType]: 'SESSION_STORAGE_UNAVAILABLE',
    })
    expect(await durationCounts()).toEqual({
      'memory save created': 1,
      'memory read error': 1,
    })
  })

  it('puts no session id, cookie or session data in any span or metric', async () => {
    const cookie = await storedSession()
    const session = await storage.read(cookie)
    session.set('card', '4111-1111-1111-1111')
    session.flash('notice', 'welcome back')
    await storage.save(session)
    session.regenerateId()
    const moved = await storage.save(session)
    if (!moved) throw new Error('regenerate lost the session')
    await storage.read(moved)

    const secrets = [cookie, moved, storageIdOf(cookie), storageIdOf(moved)]
    secrets.push('alice@example.com', '4111', 'welcome back', 'email', 'card', 'notice')
    const spans = spanExporter.getFinishedSpans()
    expect(spans.length).toBe(5)
    await metricReader.forceFlush()
    const exported = JSON.stringify({
      spans: spans.map((span) => ({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events,
        links: span.links,
      })),
      metrics: metricExporter.getMetrics(),
    })
    for (const secret of secrets) expect(exported).not.toContain(secret)
    // The check above would pass on nothing exported: the spans and points are there.
    expect(exported).toContain('sessionkit.storage.regenerate')
    expect(exported).toContain(DURATION_METRIC)
  })

  it("makes each operation's span a child of the span active when it started", async () => {
    const contextManager = new AsyncLocalStorageContextManager().enable()
    context.setGlobalContextManager(contextManager)
    try {
      const cookie = await storedSession()
      const tracer = tracerProvider.getTracer('app')
      const requestSpanId = await tracer.startActiveSpan('GET /', async (request) => {
        const session = await storage.read(cookie)
        session.set('visits', 1)
        await storage.save(session)
        request.end()
        return request.spanContext().spanId
      })
      const [created, read, saved, request] = spanExporter.getFinishedSpans()
      expect(request?.name).toBe('GET /')
      expect(created?.parentSpanContext).toBeUndefined()
      expect(read?.parentSpanContext?.spanId).toBe(requestSpanId)
      expect(saved?.parentSpanContext?.spanId).toBe(requestSpanId)
      expect(read?.spanContext().traceId).toBe(request?.spanContext().traceId)
    } finally {
      context.disable()
      contextManager.disable()
    }
  })

  it('stops making spans once disabled', async () => {
    instrumentation.disable()
    await storedSession()
    expect(spanExporter.getFinishedSpans()).toEqual([])
  })
})

/** A well-formed session id no session has. */
function storedSessionIdThatIsUnknown(): string {
  return 'A'.repeat(32)
}
