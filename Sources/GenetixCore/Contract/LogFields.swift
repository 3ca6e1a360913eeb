#if canImport(Glibc)
import Glibc
#endif

/// The `key=value` fields of a log entry: a small map kept as pairs in key order.
///
/// Entries are written far more often than they are looked into — a busy balancer logs every request — and every
/// writer (the text and journal lines, syslog's structured data, the JSON file) wants the keys in order. So the
/// order is settled once, when the fields are made (a writer that already has its keys in order, like the access
/// log, pays no sort at all), instead of once per destination, and a handful of fields costs one array instead of a
/// hash table. Lookups scan the pairs: an entry has a few fields, not hundreds.
///
/// Keys are ordered by their UTF-8 bytes (as `LogLineFormat` always wrote them); a key appears once. In JSON it is
/// an object, as a dictionary was, so the admin API's `fields` is unchanged.
public struct LogFields: Sendable, Equatable, Hashable, Codable, ExpressibleByDictionaryLiteral, Sequence {
    public typealias Key = String
    public typealias Value = String

    /// The pairs, ordered by key.
    public private(set) var pairs: [(key: String, value: String)]

    /// No fields.
    public init() { pairs = [] }

    /// The fields of `dictionary`.
    public init(_ dictionary: [String: String]) {
        pairs = dictionary.map { (key: $0.key, value: $0.value) }
        if pairs.count > 1 { pairs.sort { Self.precedes($0.key, $1.key) } }
    }

    /// Fields from pairs: sorted here unless they already are; a repeated key keeps its last value.
    public init(_ unordered: [(key: String, value: String)]) {
        pairs = unordered
        guard pairs.count > 1 else { return }
        guard !Self.isStrictlyOrdered(pairs) else { return }
        // Ordered by key, then by position, so that of a repeated key the last value is kept.
        let ordered = pairs.enumerated().sorted {
            Self.precedes($0.element.key, $1.element.key) || $0.element.key == $1.element.key && $0.offset < $1.offset
        }
        pairs.removeAll(keepingCapacity: true)
        for (_, pair) in ordered {
            if let last = pairs.last, last.key == pair.key { pairs[pairs.count - 1].value = pair.value } else { pairs.append(pair) }
        }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }

    public var isEmpty: Bool { pairs.isEmpty }
    public var count: Int { pairs.count }
    /// The keys, in order.
    public var keys: [String] { pairs.map(\.key) }
    /// The values, in the order of their keys.
    public var values: [String] { pairs.map(\.value) }

    /// The value of `key`; setting nil removes it.
    public subscript(key: String) -> String? {
        get { pairs.first { $0.key == key }?.value }
        set {
            let index = pairs.firstIndex { !Self.precedes($0.key, key) } ?? pairs.endIndex
            let present = index < pairs.endIndex && pairs[index].key == key
            switch (newValue, present) {
            case (let value?, true): pairs[index].value = value
            case (let value?, false): pairs.insert((key: key, value: value), at: index)
            case (nil, true): pairs.remove(at: index)
            case (nil, false): break
            }
        }
    }

    /// These fields with `other`'s added; on a clash `other`'s value wins.
    public func merging(_ other: LogFields) -> LogFields {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var merged = self
        for (key, value) in other.pairs { merged[key] = value }
        return merged
    }

    /// The fields as a dictionary.
    public var dictionary: [String: String] {
        Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> { pairs.makeIterator() }

    public static func == (a: LogFields, b: LogFields) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pairs.count)
        for (key, value) in pairs {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try [String: String](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for (key, value) in pairs { try container.encode(value, forKey: FieldKey(stringValue: key)) }
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Whether key `a` comes before key `b`: byte order, the same as `String`'s `<` for the ASCII names fields have,
    /// at a fraction of its cost: the first bytes decide most pairs, `memcmp` the rest.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let first = (a.utf8.first ?? 0, b.utf8.first ?? 0)
        if first.0 != first.1 { return first.0 < first.1 }
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = Swift.min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }

    private static func isStrictlyOrdered(_ pairs: [(key: String, value: String)]) -> Bool {
        var index = 1
        while index < pairs.count {
            guard precedes(pairs[index - 1].key, pairs[index].key) else { return false }
            index += 1
        }
        return true
    }
}
