import GenetixCore
import Synchronization

/// Turns running totals into per-interval figures for the status: requests per second and p99 since the previous
/// status read (at least one second apart; a read sooner reuses the last figures).
final class RateSampler: Sendable {
    struct Figures: Sendable {
        var requestsPerSecond: Double = 0
        var p99Ms: Double?
    }

    private struct Sample {
        var at: ContinuousClock.Instant
        var requests: Int
        var histogram: HistogramSnapshot
        var figures = Figures()
    }

    private let samples = Mutex<[String: Sample]>([:])

    /// Figures for the series `key`, given its current request total and latency histogram.
    func figures(_ key: String, requests: Int, histogram: HistogramSnapshot) -> Figures {
        let now = ContinuousClock.now
        return samples.withLock { all in
            guard var previous = all[key] else {
                all[key] = Sample(at: now, requests: requests, histogram: histogram,
                                  figures: Figures(requestsPerSecond: 0, p99Ms: histogram.quantile(0.99).map { $0 * 1000 }))
                return all[key]!.figures
            }
            let elapsed = now - previous.at
            guard elapsed >= .seconds(1) else { return previous.figures }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let window = histogram - previous.histogram
            previous.figures = Figures(requestsPerSecond: Double(requests - previous.requests) / seconds,
                                       p99Ms: window.quantile(0.99).map { $0 * 1000 } ?? previous.figures.p99Ms)
            previous.at = now
            previous.requests = requests
            previous.histogram = histogram
            all[key] = previous
            return previous.figures
        }
    }

    /// Forgets series not in `keys`.
    func retain(_ keys: Set<String>) {
        samples.withLock { all in all = all.filter { keys.contains($0.key) || $0.key.hasPrefix("#") } }
    }
}
