/// The outcome of one non-blocking TLS operation on a `TLSSession`.
public enum TLSIO: Sendable, Equatable {
    /// The operation completed: the number of bytes read or written, or 0 for a completed handshake.
    case done(Int)
    /// Retry the same call once the socket is readable.
    case wantRead
    /// Retry the same call (same bytes) once the socket is writable.
    case wantWrite
    /// The peer closed the connection: a clean close_notify, or end of file on the socket.
    case closed
    /// The connection failed and must be closed; do not call `shutdown()` afterwards.
    case failed(TLSError)
}
