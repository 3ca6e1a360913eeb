import Foundation
import GenetixCore
import GenetixNet
import Glibc

/// Everything the proxy keeps per event loop, touched only on that loop: the backend picker, the upstream pools, this
/// loop's index into the node's shared edge cache, the rate limiter's buckets, pending access records and a read buffer.
final class ProxyLoop {
    let loop: EventLoop
    let shared: BalancerProxy
    let picker: BackendPicker
    let cache: EdgeCache
    let limiter: ClientRateLimiter
    let accessLog: AccessLogBuffer?
    let scratch: UnsafeMutableRawBufferPointer
    private var pools: [Int: UpstreamPool] = [:]
    private var poolGeneration = 0
    /// `<6 base-36 digits of randomness>-<loop>-`, the start of every request id this loop makes.
    private let requestIdPrefix: [UInt8]
    private var requestCounter: UInt64 = 0
    private var sweepTimer: UInt64?
    private var sweeps = 0
    private var stopped = false
    // Loop-confined, each access one `record` with nothing else running: no runtime exclusivity check.
    /// Request and upstream durations of this loop not yet added to the shared histograms: recorded here without a
    /// lock and handed over in one batch by the 100 ms sweep (three locks per request saved).
    @exclusivity(unchecked) private var pendingTotal = HistogramSnapshot()
    @exclusivity(unchecked) var pendingUpstream = HistogramSnapshot()

    init(loop: EventLoop, index: Int, shared: BalancerProxy, loopCount: Int) {
        self.loop = loop
        self.shared = shared
        let config = shared.configuration
        picker = BackendPicker(set: shared.backends, policy: config.policy)
        cache = EdgeCache(shared: shared.cache)
        limiter = ClientRateLimiter(general: config.rateLimit, login: config.loginRateLimit, loginPaths: config.loginPaths)
        accessLog = shared.accessLog.flatMap { $0.mode == .off ? nil : AccessLogBuffer(log: $0) }
        scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        requestIdPrefix = Array((String(UInt64.random(in: 0..<Self.prefixSpace), radix: 36).leftPadded(6) + "-\(index)-").utf8)
    }

    deinit { scratch.deallocate() }

    /// Starts the loop's housekeeping timer (deadlines, access-log batches, departed backends).
    func start() {
        scheduleSweep()
    }

    private func scheduleSweep() {
        sweepTimer = loop.schedule(after: .milliseconds(100)) { [weak self] in
            guard let self, !self.stopped else { return }
            self.sweep()
            self.scheduleSweep()
        }
    }

    private func sweep() {
        let now = Syscall.monotonicNanos()
        for pool in pools.values { pool.sweep(now: now) }
        flushHistograms()
        accessLog?.flush()
        cache.sweep()
        sweeps &+= 1
        if sweeps % 100 == 0 { limiter.prune(now: now) }
        let generation = shared.backends.generation
        if generation != poolGeneration {
            poolGeneration = generation
            let current = Set(shared.backends.all.map(\.id))
            for (id, pool) in pools where !current.contains(id) {
                pool.closeAll()
                pools.removeValue(forKey: id)
            }
        }
    }

    private func flushHistograms() {
        if pendingTotal.count > 0 {
            shared.metrics.total.record(pendingTotal)
            pendingTotal = HistogramSnapshot()
        }
        if pendingUpstream.count > 0 {
            shared.metrics.upstream.record(pendingUpstream)
            pendingUpstream = HistogramSnapshot()
        }
    }

    /// Closes every upstream connection and stops the timer.
    func stop() {
        stopped = true
        if let t = sweepTimer { loop.cancelTimer(t) }
        flushHistograms()
        for pool in pools.values { pool.flushLatency() }
        for pool in pools.values { pool.closeAll() }
        pools.removeAll()
        accessLog?.flush()
    }

    /// The pool of connections from this loop to `backend`.
    func pool(for backend: Backend) -> UpstreamPool {
        if let p = pools[backend.id] { return p }
        let p = UpstreamPool(backend: backend, loop: loop, settings: shared.configuration.upstream, scratch: scratch)
        pools[backend.id] = p
        return p
    }

    /// A fresh request id: this process's random prefix, the loop, a counter in base 36, e.g. `k3x9q2-0-5yc1`.
    ///
    /// Up to 15 bytes (loops 0–9, the first 2.1 billion requests of a loop) it is a small `String`, held inline: no
    /// allocation, and no reference count that the access log's writer would touch from another core on every copy
    /// of the record (six random base-36 digits: 31 bits that tell processes apart).
    func makeRequestId() -> String {
        requestCounter &+= 1
        return Self.requestId(prefix: requestIdPrefix, counter: requestCounter)
    }

    /// `prefix` followed by `counter` in lower-case base 36, made in place with no intermediate `String`.
    static func requestId(prefix: [UInt8], counter: UInt64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: prefix.count + 13) { out in
            for (at, byte) in prefix.enumerated() { out[at] = byte }
            let end = prefix.count + NumberText.writeDigits(counter, radix: 36, to: out.baseAddress! + prefix.count)
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<end]), as: UTF8.self)
        }
    }

    /// 36⁶: the random prefix's range.
    private static let prefixSpace: UInt64 = 2_176_782_336

    // MARK: Handling a request

    func handle(_ request: consuming HTTPRequest, _ responder: HTTPResponder) {
        // The turn's clock, as nginx's cached time: the request was readable when the turn began, so its duration
        // counts from there (the time it waited behind others in this turn included), with no clock read of its own.
        let now = loop.turnStartedAt
        shared.metrics.requests.increment()
        if shared.publicEdge.isInternal(request.path) {
            shared.metrics.internalRefused.increment()
            answerError(request, responder, started: now, status: 404, code: "not_found",
                        message: "no such page; internal endpoints answer on the admin port only", requestId: nil)
            return
        }
        if !request.isTLS, shared.hasHTTPS, refusePlainHTTP(request, responder, now: now) { return }
        if limiter.isActive, let client = request.remote?.host,
           let wait = limiter.admit(client: client, path: request.path, now: now) {
            shared.metrics.rateLimited.increment()
            answerError(request, responder, started: now, status: 429, code: "rate_limited",
                        message: "too many requests from \(client): slow down and retry after \(wait) s",
                        extraHeaders: ["Retry-After": String(wait)], requestId: nil)
            return
        }
        // A request the cache has no say in moves into its exchange with no copy; one it may answer is copied, for
        // the look-up below (a read of the exchange's stored copy would be a copy as well).
        guard cache.shared.isEligible(request) else {
            ProxyExchange(loop: self, request: consume request, responder: responder, started: now).start()
            return
        }
        let exchange = ProxyExchange(loop: self, request: copy request, responder: responder, started: now)
        exchange.cacheEligible = true
        let base = SharedEdgeCache.baseKey(request)
        // The hit path: this loop's index, atomics only.
        if let entry = cache.find(base, for: request), entry.isFresh(now: now) {
            entry.touch()
            countHit()
            exchange.answerFromCache(entry, now: now, label: "HIT")
            return
        }
        let lookup = cache.shared.lookup(request, base: base, now: now, coalesce: true) {
            waiter(for: request, responder, started: now)
        }
        if serve(lookup, exchange: exchange, base: base, now: now) { return }
        exchange.start()
    }

    private func countHit() {
        shared.metrics.cacheHits.increment()
        shared.cacheStatistics.hits.wrappingAdd(1, ordering: .relaxed)
    }

    /// Acts on what the shared cache said; returns whether the request was answered (or is waiting), false when
    /// `exchange` must go to a backend.
    private func serve(_ lookup: SharedEdgeCache.Lookup, exchange: ProxyExchange, base: String, now: UInt64) -> Bool {
        switch lookup {
        case .fresh(let entry):
            cache.remember(entry)
            countHit()
            exchange.answerFromCache(entry, now: now, label: "HIT")
            return true
        case .staleWhileRevalidate(let entry, let refresh):
            shared.cacheStatistics.stale.wrappingAdd(1, ordering: .relaxed)
            exchange.answerFromCache(entry, now: now, label: "STALE", warning: "110 - \"Response is Stale\"")
            if let refresh { refreshInBackground(exchange.request, entry: entry, fill: refresh, base: base) }
            return true
        case .wait:
            return true
        case .fetch(let stale, let fill):
            shared.metrics.cacheMisses.increment()
            shared.cacheStatistics.misses.wrappingAdd(1, ordering: .relaxed)
            if let stale {
                exchange.staleFallback = stale
                if stale.etag != nil { exchange.revalidating = stale }
            }
            exchange.lead(fill, base: base)
            return false
        }
    }

    /// What a request waiting for another's fetch runs when that fetch ends: on this loop, it looks again, without
    /// waiting a second time, and is answered from the cache or goes to a backend itself.
    private func waiter(for request: HTTPRequest, _ responder: HTTPResponder, started: UInt64) -> CacheFill.Waiter {
        let bound = LoopBound(self)
        return CacheFill.Waiter(loop: loop) {
            let state = bound.value
            let now = Syscall.monotonicNanos()
            let exchange = ProxyExchange(loop: state, request: request, responder: responder, started: started)
            exchange.cacheEligible = true
            let base = SharedEdgeCache.baseKey(request)
            let lookup = state.cache.shared.lookup(request, base: base, now: now, coalesce: false) {
                state.waiter(for: request, responder, started: started)
            }
            if !state.serve(lookup, exchange: exchange, base: base, now: now) { exchange.start() }
        }
    }

    /// Refreshes a stale entry served inside its stale-while-revalidate window: an exchange with no client.
    private func refreshInBackground(_ request: HTTPRequest, entry: CachedResponse, fill: CacheFill, base: String) {
        let exchange = ProxyExchange(loop: self, request: request, responder: nil, started: Syscall.monotonicNanos())
        exchange.cacheEligible = true
        exchange.staleFallback = entry
        if entry.etag != nil { exchange.revalidating = entry }
        exchange.lead(fill, base: base)
        exchange.start()
    }

    /// The HTTPS default for a plain-HTTP request when an HTTPS listener exists: API calls are refused with a JSON
    /// error naming the HTTPS address, GET and HEAD are redirected with 308. Returns whether it answered.
    private func refusePlainHTTP(_ request: HTTPRequest, _ responder: HTTPResponder, now: UInt64) -> Bool {
        let config = shared.configuration
        let safe = request.method == "GET" || request.method == "HEAD"
        let path = request.path
        let api = !safe || shared.apiPaths.isInternal(path)
        if api, config.refusePlainAPI, let location = shared.httpsLocation(for: request) {
            shared.metrics.plainRefused.increment()
            answerError(request, responder, started: now, status: 403, code: "https_required",
                        message: "this API answers on HTTPS only: send the request to \(location) (nothing was done)",
                        extraHeaders: ["Location": location], requestId: nil)
            return true
        }
        if safe, config.redirectToHTTPS, let location = shared.httpsLocation(for: request) {
            answer(request, responder, started: now, status: 308, headers: ["Location": location], body: [], requestId: nil)
            return true
        }
        return false
    }

    /// Answers without a backend (redirects, refusals) and records it.
    func answer(_ request: HTTPRequest, _ responder: HTTPResponder, started: UInt64, status: Int, headers: HTTPHeaders,
                body: [UInt8], requestId: String?, backend: Backend? = nil) {
        var h = headers
        let id = requestId ?? request.headers["X-Request-Id"] ?? makeRequestId()
        h.add("X-Request-Id", id)
        if request.isTLS, shared.sendsHSTS { h.add("Strict-Transport-Security", BalancerProxy.hstsValue) }
        responder.send(HTTPResponse(status: status, headers: h, body: body))
        record(request, status: status, bytes: body.count, started: started, backend: backend, requestId: id, cache: nil)
    }

    /// Answers with a JSON error that carries the request id.
    func answerError(_ request: HTTPRequest, _ responder: HTTPResponder, started: UInt64, status: Int, code: String,
                     message: String, extraHeaders: HTTPHeaders = HTTPHeaders(), requestId: String?, backend: Backend? = nil) {
        let id = requestId ?? request.headers["X-Request-Id"] ?? makeRequestId()
        var headers = extraHeaders
        headers.add("Content-Type", "application/json")
        let body = GenetixJSON.encode(ProxyErrorBody(error: .init(code: code, message: message, requestId: id)))
        answer(request, responder, started: started, status: status, headers: headers, body: body, requestId: id, backend: backend)
    }

    /// Counts an answered request and queues its access record.
    func record(_ request: HTTPRequest, status: Int, bytes: Int, started: UInt64, backend: Backend?, requestId: String,
                cache: String?) {
        let end = Syscall.monotonicNanos()
        let metrics = shared.metrics
        metrics.countAnswer(status)
        pendingTotal.record(Double(end &- started) / 1e9)
        guard let accessLog, accessLog.wants(status: status) else { return }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        accessLog.add(RequestRecord(time: Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9, client: request.remote?.host ?? "-",
                                    method: request.method, path: String(request.path), status: status, bytes: bytes,
                                    durationMicros: Int((end &- started) / 1000), backend: backend?.key,
                                    requestId: requestId, cache: cache))
    }
}

/// The JSON error body of the proxy: the admin API's error shape plus the request id.
struct ProxyErrorBody: Encodable {
    struct Detail: Encodable {
        let code: String
        let message: String
        let requestId: String
    }
    let error: Detail
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
