import Foundation
import GenetixCore
import GenetixNet
import Synchronization

/// A gentle, bounded load on the Genetix webapp through a URL (usually the balancer): pages, static files, signups,
/// logins, kit registrations with valid codes, kit lists and reports, at a fixed rate.
public final class LoadGenerator: Sendable {
    /// What to send and how much.
    public struct Settings: Sendable {
        public var target: String
        public var rps: Double
        /// Stop after this long; nil runs until cancelled.
        public var duration: Duration?
        /// Requests in flight at most; beyond it a tick is skipped (and counted).
        public var maxInFlight: Int
        public var timeout: Duration
        /// CA file to trust for an https target.
        public var caFile: String?
        /// Which requests to send.
        public var mix: LoadMix

        public init(target: String, rps: Double, duration: Duration? = nil, maxInFlight: Int = 64, timeout: Duration = .seconds(5),
                    caFile: String? = nil, mix: LoadMix = .mixed) {
            self.mix = mix
            self.target = target.hasSuffix("/") ? String(target.dropLast()) : target
            self.rps = rps
            self.duration = duration
            self.maxInFlight = maxInFlight
            self.timeout = timeout
            self.caFile = caFile
        }
    }

    public let settings: Settings
    public let statistics: LoadStatistics
    private let http: HTTPClient
    private let base: HTTPURL
    private let session = LoadSession()
    private let inFlight = Atomic<Int>(0)

    public init(settings: Settings, statistics: LoadStatistics = LoadStatistics()) throws(OperationError) {
        guard settings.rps > 0, settings.rps <= 10_000 else { throw .invalidArgument("--rps must be above 0 and at most 10000") }
        self.settings = settings
        self.statistics = statistics
        do { base = try HTTPURL(parsing: settings.target) } catch {
            throw .invalidArgument("--target \(settings.target) is not a URL: \(error)")
        }
        var config = HTTPClientConfiguration(timeout: settings.timeout, maxIdlePerOrigin: 32)
        if settings.target.hasPrefix("https://") {
            do { config.tls = try TLSContext.client(.client(trustedCAFilePath: settings.caFile)) } catch {
                throw .invalidArgument("cannot set up TLS for \(settings.target): \(error)")
            }
        }
        http = HTTPClient(configuration: config)
    }

    /// Sends requests at the configured rate until the duration passes or the task is cancelled, then waits for the
    /// requests in flight and returns the summary.
    public func run() async -> LoadSummary {
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.nanoseconds(Int64(1e9 / settings.rps))
        // A discarding group frees each request's task as it finishes; a plain task group would keep every finished
        // child until its result was awaited (about 4 KiB a request, 100 MiB a minute at 400/s).
        await withDiscardingTaskGroup { group in
            var tick = 0
            while !Task.isCancelled {
                let due = start + interval * tick
                if let duration = settings.duration, due - start >= duration { break }
                do { try await Task.sleep(until: due, clock: clock) } catch { break }
                tick += 1
                if inFlight.load(ordering: .relaxed) >= settings.maxInFlight {
                    await statistics.recordSkipped()
                    continue
                }
                _ = inFlight.add(1, ordering: .relaxed)
                let kind = LoadRequestKind.pick(tick: tick, mix: settings.mix)
                group.addTask { [self] in
                    await send(kind)
                    _ = inFlight.subtract(1, ordering: .relaxed)
                }
            }
        }
        await http.shutdown()
        return await statistics.summary()
    }

    private func send(_ kind: LoadRequestKind) async {
        let request = await kind.request(session: session)
        var headers = HTTPHeaders()
        if let token = request.token { headers.add("Authorization", "Bearer \(token)") }
        if request.body != nil { headers.add("Content-Type", "application/json") }
        let message = HTTPClientRequest(method: request.method, url: base.with(target: request.path), headers: headers, body: request.body ?? [])
        let started = ContinuousClock.now
        let time = Date()
        do {
            let response = try await http.execute(message, timeout: settings.timeout)
            let ms = DurationFormat.milliseconds(ContinuousClock.now - started)
            await statistics.record(.init(time: time, kind: request.label, status: response.status, ms: ms, error: nil, method: request.method,
                                          id: request.identity, created: request.kind.createdIdentifier(from: response)))
            await request.kind.learn(from: response, request: request, session: session)
        } catch {
            let ms = DurationFormat.milliseconds(ContinuousClock.now - started)
            await statistics.record(.init(time: time, kind: request.label, status: 0, ms: ms, error: error.description, method: request.method,
                                          id: request.identity))
            if request.kind == .signup, let email = request.email { await session.abandon(email: email) }
        }
    }
}
