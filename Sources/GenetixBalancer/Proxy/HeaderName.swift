/// Fast ASCII case-insensitive comparison of a header name with a lower-case literal, over the name's contiguous
/// UTF-8 (parsed names are native strings), for the proxy's per-request header passes.
enum HeaderName {
    @inline(__always)
    static func `is`(_ name: String, _ lower: StaticString) -> Bool {
        let count = lower.utf8CodeUnitCount
        guard name.utf8.count == count else { return false }
        let expected = lower.utf8Start
        if let result = name.utf8.withContiguousStorageIfAvailable({ a -> Bool in
            for i in 0..<count {
                var c = a[i]
                if c >= 65 && c <= 90 { c |= 0x20 }
                if c != expected[i] { return false }
            }
            return true
        }) { return result }
        var i = 0
        for var c in name.utf8 {
            if c >= 65 && c <= 90 { c |= 0x20 }
            if c != expected[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether `name` starts with the lower-case literal `prefix`, case-insensitively.
    @inline(__always)
    static func hasPrefix(_ name: String, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard name.utf8.count > count else { return false }
        let expected = prefix.utf8Start
        var i = 0
        for var c in name.utf8 {
            if i == count { return true }
            if c >= 65 && c <= 90 { c |= 0x20 }
            if c != expected[i] { return false }
            i += 1
        }
        return true
    }
}
