import Foundation
import Testing
@testable import GenetixCore

@Suite struct LoggerTests {
    @Test func loggerWritesLevelsSourceAndMergedFields() throws {
        let store = try LogStore(minimumLevel: .debug)
        let log = store.logger("supervisor", fields: ["node": "app-1"]).with(fields: ["worker": "3"])
        log.trace("not kept")
        log.debug("d")
        log.info("i", fields: ["worker": "4"])
        log.notice("n")
        log.warn("w")
        log.error("e")
        log.critical("c")
        let entries = store.page(after: 0, limit: 100).entries
        #expect(entries.map(\.level) == [.debug, .info, .notice, .warn, .error, .critical])
        #expect(entries.map(\.message) == ["d", "i", "n", "w", "e", "c"])
        #expect(entries.allSatisfy { $0.source == "supervisor" && $0.fields["node"] == "app-1" })
        #expect(entries[1].fields["worker"] == "4" && entries[0].fields["worker"] == "3")
        #expect(log.with(source: "proxy").source == "proxy")
    }

    @Test func disabledLevelsDoNotBuildTheirMessage() throws {
        let store = try LogStore(minimumLevel: .info)
        let built = Counter()
        func expensive() -> String { built.increment(); return "costly" }
        store.logger("t").debug(expensive())
        #expect(built.value == 0)
        store.logger("t").info(expensive())
        #expect(built.value == 1)
    }

    @Test func terminalLineFormat() {
        let entry = LogEntry(seq: 1, time: GenetixJSON.parse("2026-11-26T18:00:00.123Z")!, level: .warn, source: "proxy",
                             message: "backend slow", fields: ["backend": "127.0.0.1:8101", "note": "two words", "empty": ""])
        #expect(LogLineFormat.text(entry)
            == #"2026-11-26T18:00:00.123Z WARN proxy: backend slow backend=127.0.0.1:8101 empty="" note="two words""#)
    }

    /// The quoting table, every byte: exactly space, `"`, `=`, newline, carriage return and tab make a value quoted.
    @Test func exactlySixBytesMakeAValueQuoted() {
        let quoted: Set<UInt8> = [0x20, 0x22, 0x3D, 0x0A, 0x0D, 0x09]
        for byte in UInt8.min...UInt8.max {
            #expect(LogLineWriter.needsQuotes(byte) == quoted.contains(byte), "byte \(byte)")
        }
        // Through a whole line: every ASCII scalar, and every byte a two-, three- or four-byte UTF-8 sequence can hold.
        var scalars = (0..<0x80).compactMap(Unicode.Scalar.init) + (0x80..<0x800).compactMap(Unicode.Scalar.init)
        scalars += stride(from: 0x800, to: 0x10000, by: 0x3F1).compactMap(Unicode.Scalar.init)
        scalars += [0x10000, 0x3FFFF, 0x40000, 0xFFFFF, 0x100000, 0x10FFFF].compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let value = "a\(Character(scalar))b"
            let line = LogLineFormat.text(LogEntry(seq: 1, time: Date(timeIntervalSince1970: 0), level: .info, source: "s",
                                                   message: "m", fields: ["k": value]))
            let isQuoted = line.hasSuffix("\"") && line.contains(" k=\"")
            #expect(isQuoted == (scalar.isASCII && quoted.contains(UInt8(scalar.value))), "U+\(String(scalar.value, radix: 16))")
        }
    }

    /// A value can never end the line or forge a second one: newline, carriage return (alone or as CRLF, one
    /// `Character` in Swift) and tab are escaped inside quotes, as are quotes and backslashes; UTF-8 passes through.
    @Test func terminalLineEscapesWhatWouldBreakTheLine() {
        let entry = LogEntry(seq: 1, time: GenetixJSON.parse("2026-11-26T18:00:00.123Z")!, level: .info, source: "access",
                             message: "GET / 200", fields: ["a": "x\r\nINFO forged", "b": "cr\ronly", "c": #"q"\"#, "d": "tab\t",
                                                            "e": "é=1", "f": "ü"])
        #expect(LogLineFormat.text(entry) == #"2026-11-26T18:00:00.123Z INFO access: GET / 200 a="x\r\nINFO forged" b="cr\ronly" c="q\"\\" d="tab\t" e="é=1" f=ü"#)
        #expect(!LogLineFormat.journal(entry).utf8.contains(0x0A))
        #expect(!LogLineFormat.journal(entry).utf8.contains(0x0D))
    }
}
