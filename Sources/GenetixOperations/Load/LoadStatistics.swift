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

    private var samples: [Sample] = []
    private var skipped = 0
    private let startedAt = Date()
    private let recorder: (@Sendable (Sample) -> Void)?

    /// `recorder` sees every sample as it is recorded (e.g. to write it to a file).
    public init(recorder: (@Sendable (Sample) -> Void)? = nil) { self.recorder = recorder }

    public func record(_ sample: Sample) {
        samples.append(sample)
        recorder?(sample)
    }

    /// A request not sent because too many were in flight.
    public func recordSkipped() { skipped += 1 }

    /// The summary so far.
    public func summary() -> LoadSummary {
        LoadSummary(samples: samples, skipped: skipped, seconds: Date().timeIntervalSince(startedAt))
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

    public init(samples: [LoadStatistics.Sample], skipped: Int, seconds: Double) {
        self.seconds = (seconds * 100).rounded() / 100
        self.skipped = skipped
        requests = samples.count
        achievedRps = seconds > 0 ? (Double(samples.count) / seconds * 10).rounded() / 10 : 0
        total = Self.figures(samples)
        kinds = Dictionary(grouping: samples, by: \.kind).mapValues(Self.figures)
        var seen: [String] = []
        for s in samples { if let e = s.error, !seen.contains(e), seen.count < 10 { seen.append(e) } }
        errorSamples = seen
    }

    static func figures(_ samples: [LoadStatistics.Sample]) -> Figures {
        let sorted = samples.map(\.ms).sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((Double(sorted.count) * p).rounded(.up)) - 1
            return (sorted[min(sorted.count - 1, max(0, rank))] * 100).rounded() / 100
        }
        var statuses: [String: Int] = [:]
        for s in samples { statuses[String(s.status), default: 0] += 1 }
        return Figures(requests: samples.count, statuses: statuses, errors: samples.filter { $0.status == 0 }.count,
                       serverErrors: samples.filter { $0.status >= 500 }.count, p50Ms: percentile(0.5), p99Ms: percentile(0.99),
                       maxMs: ((sorted.last ?? 0) * 100).rounded() / 100)
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
