/// Fast ASCII case-insensitive comparison of a header name with a lower-case literal, over the name's contiguous
/// UTF-8 (parsed names are native strings), for the proxy's per-request header passes.
enum HeaderName {
    @inline(__always)
    static func `is`(_ name: String, _ lower: StaticString) -> Bool {
        let count = lower.utf8CodeUnitCount
        guard name.utf8.count == count else { return false }
        return matches(name, lower, count: count)
    }

    /// Whether `name` starts with the lower-case literal `prefix`, case-insensitively.
    @inline(__always)
    static func hasPrefix(_ name: String, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard name.utf8.count > count else { return false }
        return matches(name, prefix, count: count)
    }

    /// Whether the first `count` bytes of `name` are `lower`'s, ASCII case-insensitively. Over `withUTF8`, which
    /// reaches a small string's bytes too (header names are mostly under 16 bytes, kept inline in the `String`), not
    /// the byte iterator.
    @inline(__always)
    private static func matches(_ name: String, _ lower: StaticString, count: Int) -> Bool {
        let expected = lower.utf8Start
        var name = name
        return name.withUTF8 { a in
            for i in 0..<count {
                var c = a[i]
                if c >= 65 && c <= 90 { c |= 0x20 }
                if c != expected[i] { return false }
            }
            return true
        }
    }
}
