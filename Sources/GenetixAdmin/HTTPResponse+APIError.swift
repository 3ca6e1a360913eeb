import GenetixCore
import GenetixNet

extension HTTPResponse {
    /// An error of Genetix's HTTP APIs (admin, webapp, balancer): `{"error": {"code": …, "message": …}}`, as `APIErrorBody`.
    public static func error(_ status: Int, code: String, _ message: String, field: String? = nil) -> HTTPResponse {
        json(APIErrorBody(code: code, message: message, field: field), status: status)
    }
}

extension HTTPErrorFormat {
    /// The APIs' JSON error shape for the errors the engine answers itself (malformed requests, timeouts, no route):
    /// the same bytes as `HTTPResponse.error`. Set on every server of the admin API, the webapp and the balancer.
    public static let json = HTTPErrorFormat { status, code, message in .error(status, code: code, message) }
}
