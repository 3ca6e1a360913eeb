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
    @inlinable
    public static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        appendDigits(UInt64(value.magnitude), radix: 10, to: &out)
    }

    /// Appends `value` in `radix` (2…36, lower-case letters past 9).
    @inlinable
    public static func appendDigits(_ value: UInt64, radix: UInt64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { digits in
            let count = writeDigits(value, radix: radix, to: digits.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<count]))
        }
    }

    /// Writes `value` in `radix` (2…36, lower-case letters past 9) at `out`, the most significant digit first, and
    /// returns how many bytes it wrote (at most 64). The digits are counted first and written from the last one back,
    /// so none needs reversing: the one digit writer behind every number written as bytes (log lines, HTTP heads,
    /// chunk sizes, request ids).
    @inlinable
    public static func writeDigits(_ value: UInt64, radix: UInt64 = 10, to out: UnsafeMutablePointer<UInt8>) -> Int {
        precondition(radix >= 2 && radix <= 36, "a radix from 2 to 36")
        var count = 1
        var scan = value / radix
        while scan > 0 {
            count &+= 1
            scan /= radix
        }
        var rest = value
        var at = count
        repeat {
            at &-= 1
            let digit = UInt8(truncatingIfNeeded: rest % radix)
            out[at] = digit < 10 ? 0x30 &+ digit : 0x57 &+ digit  // 0x57 + 10 = "a"
            rest /= radix
        } while rest > 0
        return count
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
