import GenetixCore
import Testing

/// A value JSON cannot express must not trap the process that meets it (it used to be a `preconditionFailure`).
@Suite struct GenetixJSONEncodingTests {
    struct Reading: Encodable { var value: Double }

    @Test func aNonFiniteNumberThrowsNamingTheType() {
        #expect(throws: JSONEncodingFailure.self) { try GenetixJSON.tryEncode(Reading(value: .nan)) }
        do { _ = try GenetixJSON.tryEncode(Reading(value: .infinity)) } catch {
            #expect(error.type.contains("Reading"))
        }
    }

    @Test func encodeReportsAndGivesNullInsteadOfTrapping() {
        let before = JSONEncodingFailure.count
        #expect(String(decoding: GenetixJSON.encode(Reading(value: -.infinity)), as: UTF8.self) == "null")
        #expect(JSONEncodingFailure.count == before + 1)
        #expect(String(decoding: GenetixJSON.encode(Reading(value: 1.5)), as: UTF8.self) == #"{"value":1.5}"#)
    }
}
