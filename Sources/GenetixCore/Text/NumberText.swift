#if canImport(Glibc)
import Glibc
#endif

/// Numbers as fixed text, formatted by the C library's `vsnprintf` (exactly printf's rounding) instead of
/// Foundation's `String(format:)`, which goes through CoreFoundation's formatter and maps about 1 MiB more of it.
public enum NumberText {
    /// `value` with `digits` decimals: `fixed(3.14159, 1)` = `3.1`, `fixed(2.5, 0)` = `2` (round half to even, as printf).
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        printf("%.*f", Int32(max(0, min(digits, 40))), value)
    }

    /// `value` in decimal, left-padded with zeros to `width` digits: `padded(7, 2)` = `07`; a minus sign comes first.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let pad = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + pad + digits
    }

    /// Appends `value` in decimal (a minus sign first when negative), without making a `String`.
    public static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            out.append(0x30 + UInt8(magnitude))
            return
        }
        let start = out.count
        while magnitude > 0 {
            out.append(0x30 + UInt8(magnitude % 10))
            magnitude /= 10
        }
        reverseDigits(&out, from: start)
    }

    /// Reverses `out[start...]` in place: digits are produced lowest first. (`out[start...].reverse()` copies the
    /// slice to a new allocation first, one per number written.)
    public static func reverseDigits(_ out: inout [UInt8], from start: Int) {
        var low = start, high = out.count - 1
        while low < high {
            out.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    /// One printf conversion of numbers (no strings or pointers: nothing here can read past an argument).
    private static func printf(_ format: String, _ arguments: any CVarArg...) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let needed = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        if needed >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(needed) + 1)
            _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
