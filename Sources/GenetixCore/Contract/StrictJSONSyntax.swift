/// Checks that bytes are exactly one JSON text as RFC 8259 defines it, before Foundation decodes them.
///
/// Foundation's `JSONDecoder` accepts more than JSON (a trailing comma in an object, `{"workers": 1,}`, decoded and
/// ran a scale action), so admin and webapp bodies are checked here first: structural characters, literals, number
/// grammar, string escapes and control characters, and a nesting limit so a body of 200 000 `[` cannot exhaust the
/// stack. The decoder then builds the value.
public enum StrictJSONSyntax {
    /// How deep arrays and objects may nest.
    public static let maxDepth = 64

    /// Nil when `bytes` is one valid JSON text (surrounded by optional whitespace); otherwise what is wrong and where.
    public static func problem(in bytes: some Collection<UInt8>) -> String? {
        let input = Array(bytes)
        var scanner = Scanner(bytes: input)
        do throws(Failure) {
            scanner.skipWhitespace()
            try scanner.value(depth: 0)
            scanner.skipWhitespace()
            guard scanner.offset == input.count else { throw Failure(offset: scanner.offset, reason: "unexpected data after the JSON value") }
            return nil
        } catch {
            return "\(error.reason) at byte \(error.offset)"
        }
    }

    private struct Failure: Error {
        let offset: Int
        let reason: String
    }

    private struct Scanner {
        let bytes: [UInt8]
        var offset = 0

        var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        func fail(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

        mutating func skipWhitespace() {
            while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { offset += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            guard current == byte else { throw fail("expected \(what)") }
            offset += 1
        }

        mutating func value(depth: Int) throws(Failure) {
            guard let b = current else { throw fail("unexpected end of input") }
            switch b {
            case UInt8(ascii: "{"): try object(depth: depth + 1)
            case UInt8(ascii: "["): try array(depth: depth + 1)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw fail("unexpected character")
            }
        }

        mutating func object(depth: Int) throws(Failure) {
            guard depth <= StrictJSONSyntax.maxDepth else { throw fail("nested deeper than \(StrictJSONSyntax.maxDepth) levels") }
            offset += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") { offset += 1; return }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                if current == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                return
            }
        }

        mutating func array(depth: Int) throws(Failure) {
            guard depth <= StrictJSONSyntax.maxDepth else { throw fail("nested deeper than \(StrictJSONSyntax.maxDepth) levels") }
            offset += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") { offset += 1; return }
            while true {
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                if current == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                return
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard offset + expected.count <= bytes.count, bytes[offset..<offset + expected.count].elementsEqual(expected) else {
                throw fail("invalid literal")
            }
            offset += expected.count
        }

        mutating func digits() throws(Failure) {
            guard let b = current, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { throw fail("expected a digit") }
            while let b = current, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { offset += 1 }
        }

        mutating func number() throws(Failure) {
            if current == UInt8(ascii: "-") { offset += 1 }
            if current == UInt8(ascii: "0") {
                offset += 1
            } else {
                try digits()
            }
            if current == UInt8(ascii: ".") {
                offset += 1
                try digits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                offset += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
                try digits()
            }
        }

        mutating func string() throws(Failure) {
            offset += 1
            while let b = current {
                switch b {
                case UInt8(ascii: "\""):
                    offset += 1
                    return
                case UInt8(ascii: "\\"):
                    offset += 1
                    guard let e = current else { throw fail("unterminated escape") }
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        offset += 1
                    case UInt8(ascii: "u"):
                        offset += 1
                        for _ in 0..<4 {
                            guard let h = current, (h >= 0x30 && h <= 0x39) || (h | 0x20 >= 0x61 && h | 0x20 <= 0x66) else {
                                throw fail("\\u needs four hex digits")
                            }
                            offset += 1
                        }
                    default: throw fail("invalid escape")
                    }
                case 0..<0x20: throw fail("control character in a string")
                default: offset += 1
                }
            }
            throw fail("unterminated string")
        }
    }
}
