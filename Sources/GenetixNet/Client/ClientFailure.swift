/// How an exchange on a `ClientConnection` failed; its owner decides between a retry and an error.
public enum ClientFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TCP connection could not be made (refused, unreachable). No request byte left.
    case connectFailed(String)
    /// The connection was not established within the connect timeout. No request byte left.
    case connectTimedOut
    /// The TLS handshake failed. No request byte left.
    case tlsFailed(String)
    /// The server closed or reset the connection before any response byte.
    case closedBeforeResponse(requestBytesWritten: Bool)
    /// No complete response head within the response timeout.
    case responseTimedOut
    /// The response broke off after it had started (reset, truncated body, or the timeout mid-body).
    case responseCutOff(String)
    /// The server sent something that is not a valid HTTP response.
    case malformed(String)

    /// Whether the request may have reached the server's application.
    public var requestMayHaveArrived: Bool {
        switch self {
        case .connectFailed, .connectTimedOut, .tlsFailed: false
        case .closedBeforeResponse(let written): written
        default: true
        }
    }

    /// Whether it is an error of the connection rather than of the answer (for passive ejection).
    public var isConnectionError: Bool {
        switch self {
        case .connectFailed, .connectTimedOut, .tlsFailed, .closedBeforeResponse: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .connectFailed(let why): "cannot connect: \(why)"
        case .connectTimedOut: "connect timed out"
        case .tlsFailed(let why): "TLS handshake failed: \(why)"
        case .closedBeforeResponse: "closed the connection before answering"
        case .responseTimedOut: "did not answer in time"
        case .responseCutOff(let why): "response cut off: \(why)"
        case .malformed(let why): "sent an invalid response: \(why)"
        }
    }
}
