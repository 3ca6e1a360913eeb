/// How an exchange with a backend failed; decides between a retry, 502 and 504.
enum UpstreamFailure: Sendable, Equatable, CustomStringConvertible {
    /// The TCP connection could not be made (refused, unreachable). No request byte left the balancer.
    case connectFailed(String)
    /// The connection was not established within the connect timeout. No request byte left the balancer.
    case connectTimedOut
    /// The backend closed or reset the connection before any response byte.
    case closedBeforeResponse(requestBytesWritten: Bool)
    /// No complete response head within the response timeout.
    case responseTimedOut
    /// The response broke off after it had started (reset, truncated body, or the timeout mid-body).
    case responseCutOff(String)
    /// The backend sent something that is not a valid HTTP response.
    case malformed(String)

    /// Whether the request may have reached the backend's application.
    var requestMayHaveArrived: Bool {
        switch self {
        case .connectFailed, .connectTimedOut: false
        case .closedBeforeResponse(let written): written
        default: true
        }
    }

    /// Whether it counts as a connection error for passive ejection.
    var isConnectionError: Bool {
        switch self {
        case .connectFailed, .connectTimedOut, .closedBeforeResponse: true
        default: false
        }
    }

    var description: String {
        switch self {
        case .connectFailed(let why): "cannot connect: \(why)"
        case .connectTimedOut: "connect timed out"
        case .closedBeforeResponse: "closed the connection before answering"
        case .responseTimedOut: "did not answer in time"
        case .responseCutOff(let why): "response cut off: \(why)"
        case .malformed(let why): "sent an invalid response: \(why)"
        }
    }
}
