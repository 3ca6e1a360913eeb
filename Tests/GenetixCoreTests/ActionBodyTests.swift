import GenetixCore
import Testing

/// The one mechanism that reads admin action bodies: every number is screened when the body is wrapped, and each
/// reader narrows it to its field's range; errors name the field (the top-level one for nested numbers) and the range.
@Suite struct ActionBodyTests {
    static func body(_ json: String, allowed: Set<String>) throws(ActionError) -> ActionBody {
        try ActionBody(try JSONValue.parse(Array(json.utf8)), allowed: allowed)
    }

    @Test(arguments: ["1e19", "-1e19", "1e308", "-0", "-0.0", "1e-300", "5e-324", "123456789012345678901234567890", "9223372036854775808"])
    func extremeNumbersAreRefusedWhenTheBodyIsWrapped(_ number: String) {
        for json in [#"{"n": \#(number)}"#, #"{"n": {"deep": [1, \#(number)]}}"#] {
            do {
                _ = try Self.body(json, allowed: ["n"])
                Issue.record("\(json) was accepted")
            } catch {
                #expect(error.status == 400)
                #expect(error.field == "n", "\(json): \(error)")
            }
        }
    }

    @Test func readersNarrowToTheirRangeAndNameIt() throws {
        let body = try Self.body(#"{"workers": 65, "fraction": 1.5, "window": 86401, "ok": 3, "half": 0.5}"#,
                                 allowed: ["workers", "fraction", "window", "ok", "half"])
        #expect(throws: ActionError.self) { try body.int("workers", in: 0...64) }
        do { _ = try body.int("workers", in: 0...64) } catch {
            #expect(error.field == "workers")
            #expect(error.description.contains("from 0 to 64"))
        }
        #expect(throws: ActionError.self) { try body.int("fraction", in: 0...64) }
        #expect(throws: ActionError.self) { try body.double("window", in: 0...86_400) }
        #expect(try body.int("ok", in: 0...64) == 3)
        #expect(try body.double("half", in: 0.01...10) == 0.5)
        #expect(try body.int("absent", in: 0...64) == nil)
    }

    @Test func integralValuesUpTo2To53AreIntegers() throws {
        let body = try Self.body(#"{"big": 9007199254740992, "zero": 0, "negative": -5}"#, allowed: ["big", "zero", "negative"])
        #expect(try body.int("big") == 9_007_199_254_740_992)
        #expect(try body.int("zero") == 0)
        #expect(try body.int("negative") == -5)
    }

    @Test func unknownFieldsAreNamedBeforeNumbers() {
        do {
            _ = try Self.body(#"{"a": 1e19, "zz": 1}"#, allowed: ["a"])
            Issue.record("accepted")
        } catch {
            #expect(error.field == "zz")
        }
    }
}
