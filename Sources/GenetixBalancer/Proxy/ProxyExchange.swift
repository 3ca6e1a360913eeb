import GenetixCore
import GenetixNet

/// One client request on its way through the proxy, on one loop: picks a backend, gets a pooled connection, sends the
/// (fully buffered) request, streams the response back, and on failure retries or answers 502/503/504.
///
/// Retry rules: after a connect failure, a connect timeout, a wait for a connection at the cap that timed out, or a
/// close/reset before any response byte, the request is sent once more to another backend — but only if it is
/// idempotent or none of its bytes reached the backend. A request whose bytes were written is never sent twice unless
/// its method is idempotent; a started response is never retried (the client connection is cut instead).
final class ProxyExchange: ClientExchange {
    /// Strong: the loop outlives every exchange it starts, and an `unowned` reference costs a strong retain and
    /// release on each of the many accesses per request.
    private let loop: ProxyLoop
    let request: HTTPRequest
    /// nil for a background refresh of a stale cache entry (stale-while-revalidate): nobody waits for its answer.
    private let responder: HTTPResponder?
    private let started: UInt64
    let requestId: String
    private let hasRequestId: Bool
    private var backend: Backend?
    // The properties marked `@exclusivity(unchecked)` are loop-confined, and no access to one is open while other code
    // runs that could change it (the held body is only read while it goes out): no runtime exclusivity check on them.
    /// This loop's pool for `backend` (its latencies are gathered there).
    @exclusivity(unchecked) private var pool: UpstreamPool?
    private var failedBackend: Backend?
    private var attempts = 0
    private var sentAt: UInt64 = 0
    private var responseStarted = false
    @exclusivity(unchecked) private var status = 0
    @exclusivity(unchecked) private var bytesOut = 0
    private var finished = false
    private var servedFromCache = false
    /// Whether the request may be answered from or stored in the edge cache.
    var cacheEligible = false
    /// A stale cached entry being revalidated with If-None-Match.
    var revalidating: CachedResponse?
    /// A stale cached entry to answer with when the backend fails inside its stale-if-error window.
    var staleFallback: CachedResponse?
    /// The fill this exchange leads (other requests for the object wait for it), and the object's key.
    private var fill: CacheFill?
    private var fillBase = ""
    /// Whether the backend answered 5xx (its answer was replaced by a stale copy).
    private var backendErrored = false
    private var storing: (freshUntil: UInt64, etag: String?, headers: HTTPHeaders)?
    /// A response head held back (with the body so far) so that a response read in one go leaves in one write.
    @exclusivity(unchecked) private var heldHead: ForwardedHead?
    @exclusivity(unchecked) private var heldBody: [UInt8] = []
    private static let holdLimit = 64 * 1024
    @exclusivity(unchecked) private var storedBody: [UInt8] = []

    init(loop: ProxyLoop, request: consuming HTTPRequest, responder: HTTPResponder?, started: UInt64) {
        self.loop = loop
        self.responder = responder
        self.started = started
        if let id = request.headers["X-Request-Id"], !id.isEmpty, id.utf8.count <= 200 {
            requestId = id
            hasRequestId = true
        } else {
            requestId = loop.makeRequestId()
            hasRequestId = false
        }
        self.request = request
    }

    deinit { completeFill() }

    /// Makes this exchange the fetch others wait for; it completes the fill however it ends.
    func lead(_ fill: CacheFill?, base: String) {
        self.fill = fill
        fillBase = base
    }

    /// Ends the fill this exchange leads, if any: its waiters look again on their loops. `uncacheable`: the backend
    /// answered in full but the answer could not be stored.
    private func completeFill(uncacheable: Bool = false) {
        guard let fill else { return }
        self.fill = nil
        loop.shared.cache.complete(fill, base: fillBase, uncacheable: uncacheable, now: Syscall.monotonicNanos())
    }

    private var isIdempotent: Bool {
        switch request.method {
        case "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE": true
        default: false
        }
    }

    // MARK: Sending

    func start() {
        let now = loop.loop.turnStartedAt
        guard let chosen = loop.picker.pick(excluding: failedBackend, now: now)
            ?? (failedBackend != nil ? loop.picker.pick(now: now) : nil) else {
            loop.shared.metrics.noBackend.increment()
            answerError(503, "no_backend", "no backend is available to take the request (all are down, draining or ejected)")
            return
        }
        attempts += 1
        backend = chosen
        chosen.inFlight.wrappingAdd(1, ordering: .relaxed)
        chosen.requests.wrappingAdd(1, ordering: .relaxed)
        let pool = loop.pool(for: chosen)
        self.pool = pool
        do {
            if let connection = try pool.acquire() {
                send(on: connection)
            } else {
                pool.wait { [self] connection in
                    guard let connection else {
                        responseFailed(.connectTimedOut)
                        return
                    }
                    send(on: connection)
                }
            }
        } catch {
            responseFailed(error)
        }
    }

    private func send(on connection: ClientConnection) {
        // Upstream latency runs from the start of the turn that sent the request to the start of the turn that read
        // the answer's head: never shorter than the true latency, longer by the loop's other work at either end.
        sentAt = loop.loop.turnStartedAt
        let shared = loop.shared
        let requestId = self.requestId, hasRequestId = self.hasRequestId, etag = revalidating?.etag
        let backendHost = backend?.key ?? ""
        connection.send(method: request.method, exchange: self) { [self] buffer in
            ForwardedHeaders.writeRequest(request.head, bodyCount: request.body.count, client: request.remote?.host ?? "unknown",
                                          isTLS: request.isTLS, via: shared.viaValue, requestId: requestId,
                                          hasRequestId: hasRequestId, ifNoneMatch: etag, backendHost: backendHost, into: &buffer)
            buffer.append(contentsOf: request.body)
        }
    }

    // MARK: Upstream events

    func responseHead(_ head: HTTPResponseHead) {
        let now = loop.loop.turnStartedAt
        let seconds = Double(now &- sentAt) / 1e9
        loop.pendingUpstream.record(seconds)
        pool?.pendingLatency.record(seconds)
        if let entry = revalidating, head.status == 304 {
            // Still valid: refresh its freshness from the 304 and answer from the cache.
            let control = CacheControl(head.headers)
            entry.refresh(now: now, freshFor: UInt64(control.sharedFreshness ?? 0) &* 1_000_000_000)
            responseStarted = true
            servedFromCache = true
            completeFill()
            if responder != nil {
                loop.shared.cacheStatistics.hits.wrappingAdd(1, ordering: .relaxed)
                answerFromCache(entry, now: now, label: "REVALIDATED", recordNow: false)
            }
            return
        }
        if head.status >= 500, let stale = staleFallback, stale.mayServeOnError(now: now) {
            // The backend fails: the stale copy answers inside its stale-if-error window; the rest is discarded.
            responseStarted = true
            servedFromCache = true
            backendErrored = true
            completeFill()
            answerStaleOnError(stale, now: now, recordNow: false)
            return
        }
        status = head.status
        responseStarted = true
        if cacheEligible, let storable = SharedEdgeCache.storability(of: head, request: request, now: now) {
            storing = (storable.freshUntil, storable.etag, ForwardedHeaders.response(head.headers, via: loop.shared.viaValue, requestId: requestId))
        }
        let length: Int?
        if request.method == "HEAD" {
            length = head.headers["Content-Length"].flatMap { Int($0) }
        } else if case .contentLength(let n) = head.framing {
            length = n
        } else {
            length = nil
        }
        let forwarded = ForwardedHead(status: head.status, fields: head.headers, length: length, cacheLabel: cacheEligible ? "MISS" : nil)
        if request.method == "HEAD" {
            responder?.startStream(status: forwarded.status, contentLength: length) { writeFields(forwarded, into: &$0) }
        } else {
            heldHead = forwarded
        }
    }

    /// The client's field lines for a backend's response head, written straight to the client connection's output.
    private func writeFields(_ head: ForwardedHead, into buffer: inout [UInt8]) {
        ForwardedHeaders.writeResponse(head.fields, via: loop.shared.viaValue, requestId: requestId, cacheLabel: head.cacheLabel,
                                       hsts: request.isTLS && loop.shared.sendsHSTS ? BalancerProxy.hstsValue : nil, into: &buffer)
    }

    /// The backend has nothing more to read for now: whatever is held goes out as the start of a stream.
    func responsePaused() {
        releaseHeld()
    }

    private func releaseHeld() {
        guard let held = heldHead.take() else { return }  // moved out, not copied
        responder?.startStream(status: held.status, contentLength: held.length) { writeFields(held, into: &$0) }
        if !heldBody.isEmpty {
            responder?.write(heldBody)
            heldBody = []
        }
    }

    func responseBody(_ bytes: [UInt8]) {
        guard !servedFromCache else { return }
        bytesOut += bytes.count
        if storing != nil {
            if storedBody.count + bytes.count > loop.shared.maxCachedBodyBytes {
                storing = nil
                storedBody = []
            } else {
                storedBody.append(contentsOf: bytes)
            }
        }
        if heldHead != nil {
            if heldBody.count + bytes.count <= Self.holdLimit {
                // The first part is taken as it is: no second buffer and no copy for a body that came in one read.
                if heldBody.isEmpty { heldBody = bytes } else { heldBody.append(contentsOf: bytes) }
                return
            }
            releaseHeld()
        }
        responder?.write(bytes)
    }

    func responseEnd() {
        if servedFromCache {
            finish(cache: backendErrored ? "STALE" : "REVALIDATED")
            return
        }
        if let held = heldHead.take() {  // moved out, not copied
            responder?.send(status: held.status, body: heldBody) { writeFields(held, into: &$0) }
        } else {
            responder?.end()
        }
        var stored = false
        if let storing {
            let entry = loop.shared.cache.store(request: request, base: fillBase.isEmpty ? SharedEdgeCache.baseKey(request) : fillBase,
                                                headers: storing.headers, body: storedBody, etag: storing.etag,
                                                now: Syscall.monotonicNanos(), freshUntil: storing.freshUntil)
            if let entry { loop.cache.remember(entry) }
            stored = entry != nil
            storedBody = []
        }
        completeFill(uncacheable: !stored)
        finish(cache: cacheEligible ? "MISS" : nil)
    }

    func responseFailed(_ failure: ClientFailure) {
        guard let failed = backend else { return }
        backend = nil
        failed.inFlight.wrappingSubtract(1, ordering: .relaxed)
        if failure.isConnectionError { recordFailure(failed) }
        if heldHead != nil {
            // Nothing reached the client yet: it can still get a proper error (but no retry: the backend saw it).
            heldHead = nil
            heldBody = []
            responseStarted = false
        }
        if servedFromCache {
            // A stale copy or a revalidated entry already answered the client; only the backend's side failed.
            completeFill()
            record(status: status, backend: failed, cache: backendErrored ? "STALE" : "REVALIDATED")
            return
        }
        if responseStarted {
            completeFill()
            responder?.abort()
            record(status: status, backend: failed, cache: nil)
            return
        }
        let retryable: Bool
        switch failure {
        case .connectFailed, .connectTimedOut, .closedBeforeResponse: retryable = isIdempotent || !failure.requestMayHaveArrived
        default: retryable = false
        }
        if retryable, attempts <= loop.shared.configuration.retries {
            loop.shared.metrics.retries.increment()
            failedBackend = failed
            start()
            return
        }
        switch failure {
        case .responseTimedOut:
            answerError(504, "upstream_timeout", "backend \(failed.key) did not answer within \(loop.shared.configuration.upstream.responseTimeout)",
                        backend: failed)
        case .malformed(let why):
            answerError(502, "bad_gateway", "backend \(failed.key) sent an invalid response: \(why)", backend: failed)
        case .closedBeforeResponse(true):
            answerError(502, "bad_gateway", "backend \(failed.key) closed the connection after receiving the request and before answering; the request was not retried because \(request.method) is not idempotent",
                        backend: failed)
        default:
            answerError(502, "bad_gateway", "backend \(failed.key) \(failure)", backend: failed)
        }
    }

    // MARK: Answers

    /// Answers from a cached entry: 304 when the client's If-None-Match matches, else the stored 200; `label` goes
    /// in `X-Cache` and the access log, `warning` in a `Warning` header (stale answers).
    func answerFromCache(_ entry: CachedResponse, now: UInt64, label: String, warning: String? = nil, recordNow: Bool = true) {
        guard let responder else { return }
        var headers = entry.headers
        headers.replace("X-Request-Id", requestId)
        headers.add("Age", String(entry.age(now: now)))
        headers.add("X-Cache", label)
        if let warning { headers.add("Warning", warning) }
        if request.isTLS, loop.shared.sendsHSTS { headers.add("Strict-Transport-Security", BalancerProxy.hstsValue) }
        if let inm = request.headers["If-None-Match"], entry.matches(ifNoneMatch: inm) {
            status = 304
            responder.send(HTTPResponse(status: 304, headers: headers))
        } else {
            status = 200
            bytesOut = entry.body.count
            responder.send(HTTPResponse(status: 200, headers: headers, body: entry.body))
        }
        if recordNow { record(status: status, backend: nil, cache: label) }
    }

    /// Answers with a stale copy because the backend failed (stale-if-error).
    private func answerStaleOnError(_ entry: CachedResponse, now: UInt64, recordNow: Bool) {
        loop.shared.cacheStatistics.stale.wrappingAdd(1, ordering: .relaxed)
        answerFromCache(entry, now: now, label: "STALE", warning: "111 - \"Revalidation Failed\"", recordNow: recordNow)
    }

    private func answerError(_ code: Int, _ name: String, _ message: String, backend: Backend? = nil) {
        completeFill()
        let now = Syscall.monotonicNanos()
        if let stale = staleFallback, stale.mayServeOnError(now: now) {
            answerStaleOnError(stale, now: now, recordNow: true)
            if let backend { loop.shared.backendErrorLogged(backend, status: code, message: message + " (a stale copy answered)", requestId: requestId) }
            finished = true
            return
        }
        finished = true
        if let responder {
            loop.answerError(request, responder, started: started, status: code, code: name, message: message, requestId: requestId,
                             backend: backend)
        }
        if let backend { loop.shared.backendErrorLogged(backend, status: code, message: message, requestId: requestId) }
    }

    private func finish(cache: String?) {
        guard let b = backend else { return }
        backend = nil
        b.inFlight.wrappingSubtract(1, ordering: .relaxed)
        if status >= 500 || backendErrored { recordFailure(b) } else { loop.shared.backends.recordSuccess(b) }
        record(status: status, backend: b, cache: cache)
    }

    private func recordFailure(_ b: Backend) {
        if loop.shared.backends.recordFailure(b) != nil { loop.shared.metrics.ejections.increment() }
    }

    private func record(status: Int, backend: Backend?, cache: String?) {
        guard !finished else { return }
        finished = true
        guard responder != nil else { return }  // a background refresh answers nobody
        loop.record(request, status: status, bytes: bytesOut, started: started, backend: backend, requestId: requestId, cache: cache)
    }
}

/// A backend's response head on its way to the client: the backend's fields as parsed (the client's are written from
/// them by `ForwardedHeaders.writeResponse`), the body length when known, and the cache's verdict for `X-Cache`.
private struct ForwardedHead {
    let status: Int
    let fields: HTTPHeaders
    let length: Int?
    let cacheLabel: String?
}
