/// An ordered list of header fields, as received or to be sent.
///
/// Every field line is kept, in order, with the name's original case; look-ups are case-insensitive (RFC 9110 §5.1).
///
/// The lines are stored as bytes in their wire form, `name: value\r\n`, back to back, with where each name and value
/// lies: a parsed header block is copied in once, with no `String` per field, and a proxy passes lines on by copying
/// their bytes (`withLines`). Strings are made only when asked for (`subscript`, `fields`, iteration).
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The field lines' bytes, `name: value\r\n` each.
    @usableFromInline var wire: [UInt8] = []
    /// Where each line lies in `wire`.
    @usableFromInline var spans: [HTTPFieldSpan] = []
    /// Whether every line may be written as stored: each name non-empty and all token characters, no CR, LF or NUL in
    /// any value. Always true for parsed headers; a caller's `add` with other bytes clears it, and writers then
    /// sanitise line by line.
    public private(set) var isWireSafe = true

    /// An empty list; it allocates nothing until its first field.
    public init() {}

    /// Creates a header list from field lines.
    public init(_ fields: [(name: String, value: String)]) {
        spans.reserveCapacity(fields.count)
        for field in fields { add(field.name, field.value) }
    }

    /// Creates a header list from a literal; order is the literal's.
    public init(dictionaryLiteral elements: (String, String)...) {
        spans.reserveCapacity(elements.count)
        for (name, value) in elements { add(name, value) }
    }

    /// The number of field lines.
    public var count: Int { spans.count }

    /// The field lines in order, as strings (made on each call; invalid UTF-8 becomes U+FFFD).
    public var fields: [(name: String, value: String)] { map { $0 } }

    /// The first value of `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        guard let index = firstIndex(of: name) else { return nil }
        return string(spans[index].value)
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        spans.indices.filter { nameEquals($0, name) }.map { string(spans[$0].value) }
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool { firstIndex(of: name) != nil }

    /// Appends a field line, keeping any existing ones.
    public mutating func add(_ name: String, _ value: String) {
        var name = name, value = value
        name.withUTF8 { n in value.withUTF8 { v in add(name: UnsafeRawBufferPointer(n), value: UnsafeRawBufferPointer(v)) } }
    }

    /// Appends a field line from bytes, keeping any existing ones.
    public mutating func add(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        if isWireSafe, !(Self.isSafeName(name) && Self.isSafeValue(value)) { isWireSafe = false }
        appendLine(name: name, value: value)
    }

    /// Appends a line the strict parser accepted (a token name, a value without CR, LF or NUL): no check.
    mutating func addParsed(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        appendLine(name: name, value: value)
    }

    /// Appends a parsed line already in wire form, `name: value\r\n` (`line`, CRLF included): one copy.
    mutating func addParsedLine(_ line: UnsafeRawBufferPointer, nameCount: Int, valueCount: Int) {
        if wire.capacity == 0 { wire.reserveCapacity(256) }
        if spans.capacity == 0 { spans.reserveCapacity(12) }
        spans.append(HTTPFieldSpan(start: wire.count, nameCount: nameCount, valueCount: valueCount))
        wire.append(contentsOf: line)
    }

    private mutating func appendLine(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        if wire.capacity == 0 { wire.reserveCapacity(256) }
        if spans.capacity == 0 { spans.reserveCapacity(12) }
        let start = wire.count
        wire.append(contentsOf: name)
        wire.append(0x3A)
        wire.append(0x20)
        wire.append(contentsOf: value)
        wire.append(0x0D)
        wire.append(0x0A)
        spans.append(HTTPFieldSpan(start: start, nameCount: name.count, valueCount: value.count))
    }

    /// Replaces every field named `name` with one line.
    public mutating func replace(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        guard firstIndex(of: name) != nil else { return }
        var kept = HTTPHeaders()
        withLines { lines in
            for i in 0..<lines.count where !nameEquals(i, name) { kept.add(name: lines.name(i), value: lines.value(i)) }
        }
        self = kept
    }

    /// Runs `body` with a read-only view of the lines' bytes, for writers that copy lines to the wire without making
    /// strings. The view is valid only inside `body`.
    @inlinable
    public func withLines<R>(_ body: (HTTPHeaderLines) throws -> R) rethrows -> R {
        try wire.withUnsafeBytes { bytes in
            try spans.withUnsafeBufferPointer { try body(HTTPHeaderLines(bytes: bytes, spans: $0)) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(headers: self) }

    /// Iterates the field lines as strings.
    public struct Iterator: IteratorProtocol {
        let headers: HTTPHeaders
        var index = 0

        public mutating func next() -> (name: String, value: String)? {
            guard index < headers.spans.count else { return nil }
            let span = headers.spans[index]
            index += 1
            return (name: headers.string(span.name), value: headers.string(span.value))
        }
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.spans.count == rhs.spans.count else { return false }
        for (a, b) in zip(lhs.spans, rhs.spans) where a.nameCount != b.nameCount || a.valueCount != b.valueCount
            || !lhs.wire[a.name].elementsEqual(rhs.wire[b.name]) || !lhs.wire[a.value].elementsEqual(rhs.wire[b.value]) {
            return false
        }
        return true
    }

    private func firstIndex(of name: String) -> Int? {
        spans.indices.first { nameEquals($0, name) }
    }

    private func nameEquals(_ index: Int, _ name: String) -> Bool {
        let span = spans[index]
        guard span.nameCount == name.utf8.count else { return false }
        var name = name
        return name.withUTF8 { other in
            wire.withUnsafeBytes { bytes in HTTPHeaderLines.equalsIgnoringCase(bytes, span.name, other) }
        }
    }

    private func string(_ range: Range<Int>) -> String {
        wire.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    private static func isSafeName(_ name: UnsafeRawBufferPointer) -> Bool {
        !name.isEmpty && name.allSatisfy(HTTPByteRules.isToken)
    }

    private static func isSafeValue(_ value: UnsafeRawBufferPointer) -> Bool {
        !value.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}

/// Where one field line lies in `HTTPHeaders`' bytes: the name at `start`, then `: `, the value, CRLF.
@usableFromInline
struct HTTPFieldSpan: Sendable {
    @usableFromInline let start: Int
    @usableFromInline let nameCount: Int
    @usableFromInline let valueCount: Int

    @inlinable init(start: Int, nameCount: Int, valueCount: Int) {
        self.start = start
        self.nameCount = nameCount
        self.valueCount = valueCount
    }

    @inlinable var name: Range<Int> { start..<(start + nameCount) }
    @inlinable var value: Range<Int> { (start + nameCount + 2)..<(start + nameCount + 2 + valueCount) }
    /// The whole line, CRLF included.
    @inlinable var line: Range<Int> { start..<(start + nameCount + valueCount + 4) }
}

/// A read-only view of the lines of an `HTTPHeaders` (see `HTTPHeaders.withLines`): each line's name, value and
/// wire form as bytes, and case-insensitive name tests, without making strings.
public struct HTTPHeaderLines {
    /// Every line's bytes, `name: value\r\n` each.
    public let bytes: UnsafeRawBufferPointer
    @usableFromInline let spans: UnsafeBufferPointer<HTTPFieldSpan>

    @inlinable init(bytes: UnsafeRawBufferPointer, spans: UnsafeBufferPointer<HTTPFieldSpan>) {
        self.bytes = bytes
        self.spans = spans
    }

    /// The number of lines.
    @inlinable public var count: Int { spans.count }

    /// The name of line `index`.
    @inlinable public func name(_ index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[spans[index].name]) }

    /// The value of line `index`.
    @inlinable public func value(_ index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[spans[index].value]) }

    /// Line `index` as it goes on the wire: `name: value\r\n`.
    @inlinable public func line(_ index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[spans[index].line]) }

    /// The byte count of line `index`'s name.
    @inlinable public func nameCount(_ index: Int) -> Int { spans[index].nameCount }

    /// Whether line `index`'s name is `lower` (a lower-case ASCII literal), ignoring ASCII case.
    @inlinable @inline(__always)
    public func nameIs(_ index: Int, _ lower: StaticString) -> Bool {
        let span = spans[index]
        guard span.nameCount == lower.utf8CodeUnitCount else { return false }
        return Self.hasLowerPrefix(bytes, span.name, lower)
    }

    /// Whether line `index`'s name is longer than `lower` and starts with it, ignoring ASCII case.
    @inlinable @inline(__always)
    public func nameHasPrefix(_ index: Int, _ lower: StaticString) -> Bool {
        let span = spans[index]
        guard span.nameCount > lower.utf8CodeUnitCount else { return false }
        return Self.hasLowerPrefix(bytes, span.name, lower)
    }

    /// Whether `bytes[range]` starts with the lower-case literal `lower` (it is at least as long), ignoring ASCII case.
    @inlinable @inline(__always)
    static func hasLowerPrefix(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ lower: StaticString) -> Bool {
        let expected = lower.utf8Start
        let base = range.lowerBound
        for i in 0..<lower.utf8CodeUnitCount {
            var c = bytes[base + i]
            if c >= 65 && c <= 90 { c |= 0x20 }
            if c != expected[i] { return false }
        }
        return true
    }

    /// Whether `bytes[range]` equals `other`, ignoring ASCII case.
    @inlinable
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        HTTPByteRules.equalFoldingASCIICase(UnsafeRawBufferPointer(rebasing: bytes[range]), other)
    }

    /// Whether `bytes` are `lower` (a lower-case ASCII literal), ignoring ASCII case.
    @inlinable
    public static func matches(_ value: UnsafeRawBufferPointer, _ lower: StaticString) -> Bool {
        guard value.count == lower.utf8CodeUnitCount else { return false }
        return hasLowerPrefix(value, 0..<value.count, lower)
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality, without allocating.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        HTTPByteRules.equalFoldingASCIICase(utf8, other.utf8)
    }

    /// The string without leading and trailing spaces and tabs.
    public func trimmingSpaces() -> Substring {
        let s = Substring(self)
        var start = s.startIndex, end = s.endIndex
        while start < end, s[start] == " " || s[start] == "\t" { start = s.index(after: start) }
        while end > start, s[s.index(before: end)] == " " || s[s.index(before: end)] == "\t" { end = s.index(before: end) }
        return s[start..<end]
    }
}
