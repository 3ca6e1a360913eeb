/// Byte classes of RFC 9110/9112 grammar, used by the parsers and the serializer.
@usableFromInline
enum HTTPByteRules {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58

    /// `tchar`: the bytes allowed in a method, field name or transfer coding (RFC 9110 §5.6.2).
    @inlinable @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool { tokenTable.utf8Start[Int(byte)] == 0x31 }

    /// `1` at the offset of every `tchar` byte, `0` elsewhere: one load per byte in the parsers' name and method scans
    /// (the tests check every byte against the grammar's list).
    @inlinable static var tokenTable: StaticString {
        """
        0000000000000000000000000000000001011111001101101111111111000000\
        0111111111111111111111111110001111111111111111111111111111101010\
        0000000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000
        """
    }

    /// SP or HTAB.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// The value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case 0x30...0x39: UInt64(byte - 0x30)
        case 0x41...0x46: UInt64(byte - 0x41 + 10)
        case 0x61...0x66: UInt64(byte - 0x61 + 10)
        default: nil
        }
    }

    /// Whether `a` and `b` hold the same bytes once A–Z are folded to a–z (only ASCII letters fold): the one case fold
    /// of names and tokens compared as bytes or as strings.
    @inlinable
    static func equalFoldingASCIICase(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 65 && x <= 90 ? x | 0x20 : x
            let ly = y >= 65 && y <= 90 ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    /// Whether `buffer[range]` equals `lowercase` ignoring ASCII case; `lowercase` must hold only lower-case letters,
    /// digits and `-`, and the bytes no control character (the line scanner refused them). Then setting each byte's
    /// 0x20 bit folds case and maps no other byte onto the literal's, so eight bytes are compared at a time.
    @inline(__always)
    static func equalsIgnoringCase(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ lowercase: StaticString) -> Bool {
        let count = lowercase.utf8CodeUnitCount
        guard range.count == count, let start = buffer.baseAddress else { return false }
        let bytes = start + range.lowerBound
        let expected = UnsafeRawPointer(lowercase.utf8Start)
        var offset = 0
        while offset &+ 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) | 0x2020_2020_2020_2020
            if word != expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset &+= 8
        }
        while offset < count {
            if bytes.load(fromByteOffset: offset, as: UInt8.self) | 0x20 != expected.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset &+= 1
        }
        return true
    }

    /// `range` without leading and trailing SP/HTAB.
    @inline(__always)
    static func trimmed(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isWhitespace(buffer[lower]) { lower += 1 }
        while upper > lower, isWhitespace(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The bytes of `range` as a String (invalid UTF-8, i.e. obs-text, becomes U+FFFD).
    @inline(__always)
    static func string(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// Splits `range` at commas and calls `body` with each trimmed element (possibly empty).
    @inline(__always)
    static func forEachListElement(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>,
                                   _ body: (Range<Int>) throws(HTTPParseError) -> Void) throws(HTTPParseError) {
        var start = range.lowerBound
        var index = range.lowerBound
        while index <= range.upperBound {
            if index == range.upperBound || buffer[index] == 0x2C {
                try body(trimmed(buffer, start..<index))
                start = index + 1
            }
            index += 1
        }
    }
}
