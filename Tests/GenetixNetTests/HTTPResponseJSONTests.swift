import GenetixCore
import GenetixNet
import Testing

/// `HTTPResponse.json` on a request path: a value JSON cannot express is a logged 500 with a JSON error, not a trap.
@Suite struct HTTPResponseJSONTests {
    struct Answer: Encodable { var ratio: Double }

    @Test func anUnencodableValueAnswers500WithAJSONError() throws {
        let response = HTTPResponse.json(Answer(ratio: .nan))
        #expect(response.status == 500)
        #expect(response.headers["Content-Type"] == "application/json")
        let body = try JSONValue.parse(response.body)
        #expect(body["error"]?["code"]?.stringValue == "internal_error")
        #expect(HTTPResponse.json(Answer(ratio: 2), status: 201).status == 201)
    }
}
