/// Finds CRLF-terminated lines in bytes that the caller re-presents between calls.
///
/// It keeps only a counter — how many bytes of the current partial line were already checked, counted from the
/// line's first byte — so the caller may move or compact its buffer between calls. Line terminators are strict:
/// only CRLF ends a line; a bare CR, a bare LF, NUL and other control characters (HTAB aside, where allowed) are faults.
struct HTTPLineScanner: Sendable, Equatable {
    /// Why a line was rejected; the parser turns it into the `HTTPParseError` of the part being read.
    enum Fault: Error, Equatable {
        case bareCR
        case bareLF
        case controlCharacter(UInt8)
        case tooLong
    }

    /// Bytes of the current partial line already checked.
    private(set) var scanned = 0

    /// Looks for the end of the line starting at `start`.
    ///
    /// Returns the index of the line's CR (the line is `start..<cr`, and the caller consumes up to `cr + 2`),
    /// or nil when more bytes are needed. A line longer than `maxLength` bytes (CRLF excluded) is a fault as soon as
    /// it is known, without waiting for its end.
    ///
    /// The verdict depends only on the bytes, never on how they were split into reads: bytes are judged in order,
    /// and "too long" is decided only after a byte that is itself no fault. So with a budget already used up
    /// (`maxLength` < 0, a full header block), the next line's first byte still decides between a bare LF (400)
    /// and a block too large (431), whether it arrives in this read or the next.
    mutating func nextLine(_ buffer: UnsafeRawBufferPointer, from start: Int, maxLength: Int,
                           allowTab: Bool) throws(Fault) -> Int? {
        let end = buffer.count
        let stop = maxLength >= end - start ? end : min(end, start + max(maxLength, 0) + 1)
        var index = start + min(scanned, end - start)
        while index < stop {
            // Eight bytes at a time while none of them needs a look (most of a line is plain text), then straight to
            // the first one that does.
            if stop &- index >= 8 {
                let mask = Self.controlBytes(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                if mask == 0 {
                    index &+= 8
                    continue
                }
                index &+= mask.trailingZeroBitCount &>> 3
            }
            let byte = buffer[index]
            if byte < 0x20 || byte == 0x7F {
                if byte == HTTPByteRules.cr {
                    if index + 1 >= end {
                        scanned = index - start
                        return nil
                    }
                    guard buffer[index + 1] == HTTPByteRules.lf else { throw .bareCR }
                    guard index - start <= maxLength else { throw .tooLong }
                    scanned = 0
                    return index
                }
                if byte == HTTPByteRules.lf { throw .bareLF }
                if byte != HTTPByteRules.tab || !allowTab { throw .controlCharacter(byte) }
            }
            index += 1
        }
        if stop < end || index - start > max(maxLength, 0) { throw .tooLong }
        scanned = index - start
        return nil
    }

    /// The top bit of each of the eight bytes of `word` (read little-endian: the first byte is the lowest) that is below
    /// 0x20 or is 0x7F (a CR, LF, HTAB or another control character), without a branch per byte: a byte below 0x20
    /// borrows into its top bit when 0x20 is subtracted, and a 0x7F byte becomes 0 when xored with 0x7F. Zero exactly
    /// when no byte needs a look; a borrow can only mark bytes above a marked one, so the lowest mark is always exact.
    @inline(__always)
    static func controlBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- ones &* 0x20) & ~word & highs
        let del = word ^ (ones &* 0x7F)
        let is7F = (del &- ones) & ~del & highs
        return below20 | is7F
    }

    /// Forgets any partial line (used when a message ends or the parser resets).
    mutating func reset() { scanned = 0 }
}
