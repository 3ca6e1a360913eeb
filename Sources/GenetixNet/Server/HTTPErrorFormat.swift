/// How a server words the error answers the engine makes itself — a malformed or refused request (400, 408, 413,
/// 417, 431, 505) and the router's 404 and 405 — from a status, a machine-readable code (`bad_request`,
/// `not_found`, …) and a message for a person.
///
/// The engine knows no API's error shape: its default is plain text. A server that speaks an API sets that API's
/// format in `HTTPServerConfiguration.errorFormat` (GenetixAdmin's `HTTPErrorFormat.json` for the admin API, the
/// webapp and the balancer).
public struct HTTPErrorFormat: Sendable {
    /// Makes the whole response for one error.
    public let response: @Sendable (_ status: Int, _ code: String, _ message: String) -> HTTPResponse

    /// A format that answers with `response(status, code, message)`.
    public init(_ response: @escaping @Sendable (_ status: Int, _ code: String, _ message: String) -> HTTPResponse) {
        self.response = response
    }

    /// The engine's default: the message as `text/plain`, one line.
    public static let plainText = HTTPErrorFormat { status, _, message in .text(message + "\n", status: status) }
}
