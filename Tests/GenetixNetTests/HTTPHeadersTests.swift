@testable import GenetixNet
import Testing

/// The byte-backed header list: lines kept in wire form, looked up by name, and the line scanner's eight-byte skip.
@Suite struct HTTPHeadersTests {
    private static func head(_ text: [UInt8]) throws -> HTTPRequestHead {
        let outcome = HTTPParserDriver.parseRequests(text)
        #expect(outcome.error == nil)
        return try #require(outcome.messages.first).head
    }

    private static func lines(_ headers: HTTPHeaders) -> [String] {
        headers.withLines { lines in (0..<lines.count).map { String(decoding: lines.line($0), as: UTF8.self) } }
    }

    @Test func parsedLinesAreKeptInWireFormWithTheirSpacesTrimmed() throws {
        let head = try Self.head(Array("GET / HTTP/1.1\r\nHost: a\r\nX-A:  spaced \t\r\nX-B:v\r\nX-Empty:\r\n\r\n".utf8))
        #expect(Self.lines(head.headers) == ["Host: a\r\n", "X-A: spaced\r\n", "X-B: v\r\n", "X-Empty: \r\n"])
        #expect(head.headers.isWireSafe)
        #expect(head.headers["x-a"] == "spaced")
        #expect(head.headers["X-EMPTY"] == "")
        #expect(head.headers.fields.map(\.name) == ["Host", "X-A", "X-B", "X-Empty"])
    }

    @Test func obsTextStaysAsBytesAndReadsAsReplacementCharacters() throws {
        let head = try Self.head(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8))
        let value = head.headers.withLines { Array($0.value(1)) }
        #expect(value == [0x63, 0x61, 0x66, 0xE9])
        #expect(head.headers["X-Name"] == "caf\u{FFFD}")
    }

    @Test func aCallersUnsafeLineClearsWireSafetyAndKeepsItsValue() {
        var headers: HTTPHeaders = ["A": "1"]
        #expect(headers.isWireSafe)
        headers.add("B", "2\r\nX-Evil: 1")
        #expect(!headers.isWireSafe)
        #expect(headers["b"] == "2\r\nX-Evil: 1")
        var named = HTTPHeaders()
        named.add("Bad Name", "v")
        #expect(!named.isWireSafe)
        var empty = HTTPHeaders()
        empty.add("", "v")
        #expect(!empty.isWireSafe)
    }

    @Test func removeAndReplaceKeepTheOtherLinesInOrder() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "C": "3"]
        headers.add("B", "4")
        headers.replace("b", "5")
        #expect(headers.fields.map { "\($0.name)=\($0.value)" } == ["A=1", "C=3", "b=5"])
        #expect(headers.values("B") == ["5"])
        headers.remove("a")
        #expect(Self.lines(headers) == ["C: 3\r\n", "b: 5\r\n"])
        headers.remove("missing")
        #expect(headers.count == 2)
    }

    @Test func equalityComparesNamesAndValuesByBytes() {
        let a: HTTPHeaders = ["A": "1", "B": "2"]
        #expect(a == HTTPHeaders([(name: "A", value: "1"), (name: "B", value: "2")]))
        #expect(a != ["a": "1", "B": "2"])
        #expect(a != ["A": "1", "B": "3"])
        #expect(a != ["A": "1"])
        #expect(HTTPHeaders() == [:])
    }

    @Test func theEightByteSkipFindsEveryControlByteAtEveryPosition() {
        for filler: UInt8 in [0x20, 0x41, 0x7E, 0x80, 0xFF] {
            for byte in 0...255 {
                for position in 0..<8 {
                    var word = UInt64(filler) &* 0x0101_0101_0101_0101
                    word &= ~(UInt64(0xFF) << (8 * position))
                    word |= UInt64(byte) << (8 * position)
                    let expected = byte < 0x20 || byte == 0x7F
                    let mask = HTTPLineScanner.controlBytes(word)
                    #expect((mask != 0) == expected, "byte 0x\(String(byte, radix: 16)) at \(position)")
                    if expected { #expect(mask.trailingZeroBitCount / 8 == position, "the first mark is the byte's own") }
                }
            }
        }
    }

    @Test func theFirstMarkIsExactWhenSeveralBytesNeedALook() {
        // Each pair of positions, with the low one a control byte and the high one anything: the lowest mark is the first.
        for low in 0..<8 {
            for high in (low + 1)..<8 {
                for other: UInt8 in [0x00, 0x09, 0x0D, 0x1F, 0x20, 0x7F, 0x80, 0xFF] {
                    var bytes = [UInt8](repeating: 0x61, count: 8)
                    bytes[low] = 0x0D
                    bytes[high] = other
                    let word = UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
                    #expect(HTTPLineScanner.controlBytes(word).trailingZeroBitCount / 8 == low)
                }
            }
        }
    }

    @Test func aControlByteAfterLongPlainTextIsStillFound() {
        for length in 0..<40 {
            let line = Array(repeating: UInt8(ascii: "a"), count: length) + [0x00] + Array("b\r\n".utf8)
            let outcome = HTTPParserDriver.parseRequests(Array("GET / HTTP/1.1\r\nX: ".utf8) + line + Array("Host: a\r\n\r\n".utf8))
            #expect(outcome.error == .invalidHeader("control character 0x0 in a header line"), "length \(length)")
        }
    }

    @Test func tokenBytesAreExactlyTheGrammarsTchar() {
        let tchar = Set(Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8))
        for byte in 0...255 {
            #expect(HTTPByteRules.isToken(UInt8(byte)) == tchar.contains(UInt8(byte)), "byte 0x\(String(byte, radix: 16))")
        }
    }

    @Test func wordWiseCaseFoldingMatchesExactlyOnEverySubstitutedByte() {
        // Every literal the parser compares, with each position replaced by every byte a field line may hold.
        let literals: [StaticString] = ["chunked", "close", "connection", "content-length", "host", "keep-alive", "transfer-encoding"]
        let lineBytes: [UInt8] = [0x09] + Array(0x20...0x7E) + Array(0x80...0xFF)
        for literal in literals {
            let expected = Array(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            for position in expected.indices {
                for byte in lineBytes {
                    var candidate = expected
                    candidate[position] = byte
                    let folded = candidate.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                    let matches = candidate.withUnsafeBytes { HTTPByteRules.equalsIgnoringCase($0, 0..<candidate.count, literal) }
                    #expect(matches == (folded == expected), "\(literal) with 0x\(String(byte, radix: 16)) at \(position)")
                }
            }
            let upper = expected.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
            #expect(upper.withUnsafeBytes { HTTPByteRules.equalsIgnoringCase($0, 0..<upper.count, literal) })
            #expect(!expected.withUnsafeBytes { HTTPByteRules.equalsIgnoringCase($0, 0..<(expected.count - 1), literal) })
        }
    }
}
