import Foundation
import GenetixCore

/// Counts, statuses and latencies of a load run, per kind of request. Owned by an actor so any request task may record.
public actor LoadStatistics {
    /// One response (or failure) as recorded.
    public struct Sample: Sendable, Codable, Equatable {
        public var time: Date
        public var kind: String
        /// The HTTP status, or 0 when no response arrived.
        public var status: Int
        public var ms: Double
        public var error: String?
        /// The HTTP method.
        public var method: String?
        /// What the request creates: the email of a signup, the registration code of a kit.
        public var id: String?
        /// The id the server answered for what it created (a kit's id), when it answered one.
        public var created: String?

        public init(time: Date, kind: String, status: Int, ms: Double, error: String?, method: String? = nil, id: String? = nil,
                    created: String? = nil) {
            self.time = time
            self.kind = kind
            self.status = status
            self.ms = ms
            self.error = error
            self.method = method
            self.id = id
            self.created = created
        }
    }

    private var total = RunningFigures()
    private var kinds: [String: RunningFigures] = [:]
    private var errorSamples: [String] = []
    private var skipped = 0
    private let startedAt = Date()
    private let recorder: (@Sendable (Sample) -> Void)?

    /// `recorder` sees every sample as it is recorded (e.g. to write it to a file); the statistics themselves keep
    /// only running counts and histograms, so their memory does not grow with the run.
    public init(recorder: (@Sendable (Sample) -> Void)? = nil) { self.recorder = recorder }

    /// Counts one response (or failure) and hands it to the recorder.
    public func record(_ sample: Sample) {
        total.add(status: sample.status, ms: sample.ms)
        kinds[sample.kind, default: RunningFigures()].add(status: sample.status, ms: sample.ms)
        if let error = sample.error, errorSamples.count < LoadSummary.maxErrorSamples, !errorSamples.contains(error) {
            errorSamples.append(error)
        }
        recorder?(sample)
    }

    /// A request not sent because too many were in flight.
    public func recordSkipped() { skipped += 1 }

    /// The summary so far.
    public func summary() -> LoadSummary {
        LoadSummary(total: total, kinds: kinds, errorSamples: errorSamples, skipped: skipped, seconds: Date().timeIntervalSince(startedAt))
    }
}

/// The result of a load run (`genetix load --json` prints it).
public struct LoadSummary: Sendable, Codable, Equatable {
    /// Figures of one kind of request, or of all.
    public struct Figures: Sendable, Codable, Equatable {
        public var requests: Int
        /// Responses by HTTP status (`"200"`, `"503"`; `"0"` for no response).
        public var statuses: [String: Int]
        /// Requests with no response (connection refused, reset, timed out).
        public var errors: Int
        /// 5xx responses.
        public var serverErrors: Int
        public var p50Ms: Double
        public var p99Ms: Double
        public var maxMs: Double
    }

    public var schema = 1
    public var seconds: Double
    public var requests: Int
    public var achievedRps: Double
    public var skipped: Int
    public var total: Figures
    public var kinds: [String: Figures]
    /// The first distinct error messages (at most 10).
    public var errorSamples: [String]

    /// How many distinct error messages a summary keeps.
    static let maxErrorSamples = 10

    /// The summary of `samples` (all in memory; a run uses `LoadStatistics`, which streams).
    public init(samples: [LoadStatistics.Sample], skipped: Int, seconds: Double) {
        var total = RunningFigures()
        var kinds: [String: RunningFigures] = [:]
        var errors: [String] = []
        for s in samples {
            total.add(status: s.status, ms: s.ms)
            kinds[s.kind, default: RunningFigures()].add(status: s.status, ms: s.ms)
            if let e = s.error, errors.count < Self.maxErrorSamples, !errors.contains(e) { errors.append(e) }
        }
        self.init(total: total, kinds: kinds, errorSamples: errors, skipped: skipped, seconds: seconds)
    }

    init(total: RunningFigures, kinds: [String: RunningFigures], errorSamples: [String], skipped: Int, seconds: Double) {
        self.seconds = (seconds * 100).rounded() / 100
        self.skipped = skipped
        requests = total.requests
        achievedRps = seconds > 0 ? (Double(total.requests) / seconds * 10).rounded() / 10 : 0
        self.total = total.figures
        self.kinds = kinds.mapValues(\.figures)
        self.errorSamples = errorSamples
    }

    /// A short text report: totals, then one line per kind.
    public func text() -> String {
        let out = "\(requests) requests in \(DurationFormat.short(seconds: seconds)) (\(achievedRps)/s), \(total.errors) without response, "
            + "\(total.serverErrors) 5xx, \(skipped) skipped; p50 \(total.p50Ms) ms, p99 \(total.p99Ms) ms\n"
        var table = TextTable(headers: ["KIND", "REQUESTS", "ERRORS", "5XX", "P50", "P99", "STATUSES"],
                              alignments: [.left, .right, .right, .right, .right, .right, .left])
        for kind in kinds.keys.sorted() {
            let f = kinds[kind]!
            table.rows.append([.init(kind), .init("\(f.requests)"), .init("\(f.errors)", f.errors > 0 ? .critical : nil),
                               .init("\(f.serverErrors)", f.serverErrors > 0 ? .critical : nil), .init("\(f.p50Ms)ms"), .init("\(f.p99Ms)ms"),
                               .init(f.statuses.keys.sorted().map { "\($0)×\(f.statuses[$0]!)" }.joined(separator: " "))])
        }
        return out + table.render()
    }
}
