import GenetixCore
import Testing

/// Every suite of this target, run one test at a time (suites nest here). The slow-client tests hold 1000+ sockets that
/// open and close while other tests spawn `genetix` and `openssl` through Foundation's `Process`, whose `run()` walks
/// the open file descriptors: it crashed (SIGSEGV in `Process.run`) once in a fresh-clone run when they changed under
/// it. Serial, the target takes about as long (~45 s).
@Suite(.serialized) enum SecurityTests {}

extension SecurityTests {
    /// Regression tests for the fuzz/bad-body finding: Foundation's decoder accepted `{"workers": 1,}` and the scale
    /// action ran. Bodies are now checked against RFC 8259 first.
    struct StrictJSONTests {
        @Test(arguments: ["{\"workers\": 1,}", "[1,]", "{,}", "01", "1.", ".5", "+1", "NaN", "Infinity", "'a'", "{a: 1}",
                          "\"tab\there\"", "\"\\x41\"", "\"\\u12\"", "tru", "{} {}", "\u{FEFF}{}", "[" + String(repeating: "[", count: 70) + "]",
                          "/* c */ {}", "{\"a\": 1 // c\n}"])
        func rejectsWhatIsNotJSON(_ text: String) {
            #expect(StrictJSONSyntax.problem(in: Array(text.utf8)) != nil, "accepted \(text)")
            #expect(throws: ActionError.self) { try JSONValue.parse(Array(text.utf8)) }
        }

        @Test(arguments: ["{}", "[]", "0", "-0.5e+3", "\"\\u00e9\\n\"", "{\"a\": [true, false, null, {\"b\": \"é\"}]}", " \r\n\t{ \"x\" : 1 } ",
                          String(repeating: "[", count: 64) + String(repeating: "]", count: 64)])
        func acceptsJSON(_ text: String) throws {
            #expect(StrictJSONSyntax.problem(in: Array(text.utf8)) == nil, "refused \(text)")
            _ = try JSONValue.parse(Array(text.utf8))
        }

        @Test func aBodyOfNestedBracketsIsRefusedWithoutExhaustingTheStack() {
            let deep = Array(repeating: UInt8(ascii: "["), count: 200_000)
            #expect(throws: ActionError.self) { try JSONValue.parse(deep) }
        }
    }
}
