import Foundation
import Synchronization

/// The metrics of one process: counters, gauges and histograms by name and labels, rendered as Prometheus text
/// (`GET /metrics`) or as a JSON `MetricsSnapshot` (`GET /admin/v1/metrics`).
///
/// Asking twice for the same name and labels returns the same instrument, so callers may look instruments up once and
/// keep them for the hot path. Names must be valid Prometheus names; counters are exported with a `_total` suffix
/// (added when the given name lacks it).
public final class MetricsRegistry: Sendable {
    /// The kind of a metric family.
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    enum Instrument: Sendable {
        case counter(Counter)
        case counterFunction(@Sendable () -> Double)
        case gauge(Gauge)
        case gaugeFunction(@Sendable () -> Double)
        case histogram(Histogram)
    }

    struct Family: Sendable {
        var name: String
        var help: String
        var kind: Kind
        var series: [MetricLabels: Instrument]
    }

    private let families = Mutex<[String: Family]>([:])
    private let collectors = Mutex<[@Sendable () -> Void]>([])

    /// An empty registry.
    public init() {}

    /// The counter `name` with `labels`, created on first use.
    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        let instrument = series(Self.counterName(name), help: help, kind: .counter, labels: labels) { .counter(Counter()) }
        guard case .counter(let c) = instrument else {
            preconditionFailure("metric \(Self.counterName(name))\(labels) is registered as a computed counter, not a Counter")
        }
        return c
    }

    /// Registers a counter whose value is computed at render time (e.g. CPU seconds read from /proc).
    /// Registering the same name and labels again replaces the function.
    public func counter(_ name: String, help: String, labels: [String: String] = [:],
                        value: @escaping @Sendable () -> Double) {
        replace(Self.counterName(name), help: help, kind: .counter, labels: labels, with: .counterFunction(value))
    }

    /// The gauge `name` with `labels`, created on first use.
    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        let instrument = series(name, help: help, kind: .gauge, labels: labels) { .gauge(Gauge()) }
        guard case .gauge(let g) = instrument else {
            preconditionFailure("metric \(name)\(labels) is registered as a computed gauge, not a Gauge")
        }
        return g
    }

    /// Registers a gauge whose value is computed at render time (e.g. resident memory, host load).
    /// Registering the same name and labels again replaces the function.
    public func gauge(_ name: String, help: String, labels: [String: String] = [:],
                      value: @escaping @Sendable () -> Double) {
        replace(name, help: help, kind: .gauge, labels: labels, with: .gaugeFunction(value))
    }

    /// The histogram `name` with `labels`, created on first use.
    public func histogram(_ name: String, help: String, labels: [String: String] = [:]) -> Histogram {
        let instrument = series(name, help: help, kind: .histogram, labels: labels) { .histogram(Histogram()) }
        guard case .histogram(let h) = instrument else { preconditionFailure("metric \(name) is not a histogram") }
        return h
    }

    /// Removes the series `name` with `labels` (e.g. of a worker that is gone); the family stays while it has others.
    public func remove(_ name: String, labels: [String: String] = [:]) {
        let key = MetricLabels(labels)
        families.withLock { all in
            for familyName in [name, Self.counterName(name)] {
                guard all[familyName] != nil else { continue }
                all[familyName]!.series[key] = nil
                if all[familyName]!.series.isEmpty { all[familyName] = nil }
            }
        }
    }

    /// Adds a function run before every rendering, to refresh values that are sampled in one go (e.g. /proc).
    public func addCollector(_ collect: @escaping @Sendable () -> Void) {
        collectors.withLock { $0.append(collect) }
    }

    /// Runs the collectors and returns the families sorted by name, their series sorted by labels.
    func collect() -> [(family: Family, series: [(labels: MetricLabels, instrument: Instrument)])] {
        for collect in collectors.withLock({ $0 }) { collect() }
        let all = families.withLock { $0 }
        return all.values.sorted { $0.name < $1.name }.map { family in
            (family, family.series.sorted { $0.key < $1.key }.map { (labels: $0.key, instrument: $0.value) })
        }
    }

    // MARK: Registration

    private func series(_ name: String, help: String, kind: Kind, labels: [String: String],
                        make: () -> Instrument) -> Instrument {
        let key = MetricLabels(labels)
        return families.withLock { all in
            if let existing = all[name]?.series[key] {
                precondition(all[name]!.kind == kind, "metric \(name) is a \(all[name]!.kind.rawValue), not a \(kind.rawValue)")
                return existing
            }
            Self.validate(name, labels: labels)
            if let family = all[name] {
                precondition(family.kind == kind, "metric \(name) is a \(family.kind.rawValue), not a \(kind.rawValue)")
            } else {
                all[name] = Family(name: name, help: help, kind: kind, series: [:])
            }
            let made = make()
            all[name]!.series[key] = made
            return made
        }
    }

    private func replace(_ name: String, help: String, kind: Kind, labels: [String: String], with instrument: Instrument) {
        Self.validate(name, labels: labels)
        families.withLock { all in
            if let family = all[name] {
                precondition(family.kind == kind, "metric \(name) is a \(family.kind.rawValue), not a \(kind.rawValue)")
            } else {
                all[name] = Family(name: name, help: help, kind: kind, series: [:])
            }
            all[name]!.series[MetricLabels(labels)] = instrument
        }
    }

    static func counterName(_ name: String) -> String {
        name.hasSuffix("_total") ? name : name + "_total"
    }

    private static func validate(_ name: String, labels: [String: String]) {
        precondition(isValidName(name, allowColon: true), "'\(name)' is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
        for key in labels.keys {
            precondition(isValidName(key, allowColon: false) && !key.hasPrefix("__") && key != "le",
                         "'\(key)' is not a valid label name for metric \(name) ([a-zA-Z_][a-zA-Z0-9_]*, not 'le', not '__…')")
        }
    }

    private static func isValidName(_ name: String, allowColon: Bool) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || (allowColon && c == 0x3A) }
        guard letter(first) else { return false }
        return name.utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}

/// A set of label pairs in a canonical (sorted) order; the key of a series within its family.
struct MetricLabels: Hashable, Sendable, Comparable {
    let pairs: [Pair]

    struct Pair: Hashable, Sendable {
        let name: String
        let value: String
    }

    init(_ labels: [String: String]) {
        pairs = labels.map { Pair(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
    }

    var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.value) })
    }

    static func < (a: MetricLabels, b: MetricLabels) -> Bool {
        for (x, y) in zip(a.pairs, b.pairs) {
            if x.name != y.name { return x.name < y.name }
            if x.value != y.value { return x.value < y.value }
        }
        return a.pairs.count < b.pairs.count
    }
}
