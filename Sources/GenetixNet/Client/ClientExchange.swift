/// What a `ClientConnection` reports about the exchange it carries; every call happens on the connection's loop.
public protocol ClientExchange: AnyObject {
    /// The final response head arrived (1xx interim heads are skipped).
    func responseHead(_ head: HTTPResponseHead)
    /// A piece of the response body.
    func responseBody(_ bytes: [UInt8])
    /// The response is complete. The connection is already closed, or is offered back to its owner right after.
    func responseEnd()
    /// The socket has no more bytes for now (the response continues later).
    func responsePaused()
    /// The exchange failed; the connection is closed.
    func responseFailed(_ failure: ClientFailure)
}

/// Keeps `ClientConnection`s (a pool): told when one may carry another exchange and when one closed.
public protocol ClientConnectionOwner: AnyObject {
    /// A keep-alive exchange completed: the connection is idle and may be reused (or closed).
    func connectionReusable(_ connection: ClientConnection)
    /// The connection closed (failure, end of a non-keep-alive exchange, the server hung up while idle, or `close`).
    func connectionClosed(_ connection: ClientConnection)
}
