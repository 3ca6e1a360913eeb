import GenetixCore

/// The figures of one kind of request (or of all) as a load run goes: counts per status and a latency histogram, in
/// constant memory however long the run (a 10-minute soak at 500/s is 300 000 responses).
///
/// Latencies go into a `HistogramSnapshot` (log-linear buckets, 64 per power of two), so the percentiles it reports
/// are the nearest-rank percentiles of the exact latencies within 1 % relative error; the maximum is exact.
struct RunningFigures: Sendable {
    private(set) var requests = 0
    private var statuses: [Int: Int] = [:]
    private var errors = 0
    private var serverErrors = 0
    private var maxMs = 0.0
    /// Latencies in seconds (the range `HistogramBuckets` covers: 60 ns to 17 minutes).
    private var latency = HistogramSnapshot()

    /// Counts one response: its HTTP status (0 when none arrived) and its latency in milliseconds.
    mutating func add(status: Int, ms: Double) {
        requests += 1
        statuses[status, default: 0] += 1
        if status == 0 { errors += 1 }
        if status >= 500 { serverErrors += 1 }
        maxMs = max(maxMs, ms)
        latency.record(ms / 1000)
    }

    /// The latency in milliseconds below which a share `q` of the responses lie (nearest rank, within 1 %); 0 when
    /// there were none.
    func percentileMs(_ q: Double) -> Double {
        (latency.quantile(q) ?? 0) * 1000
    }

    /// The figures as `genetix load --json` prints them (milliseconds rounded to 0.01).
    var figures: LoadSummary.Figures {
        LoadSummary.Figures(requests: requests, statuses: Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), $0.value) }),
                            errors: errors, serverErrors: serverErrors, p50Ms: Self.rounded(percentileMs(0.5)),
                            p99Ms: Self.rounded(percentileMs(0.99)), maxMs: Self.rounded(maxMs))
    }

    private static func rounded(_ ms: Double) -> Double { (ms * 100).rounded() / 100 }
}
