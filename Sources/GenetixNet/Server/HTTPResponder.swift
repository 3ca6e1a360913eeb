/// Appends a response's field lines straight to a connection's output: complete `Name: value\r\n` lines whose names
/// and values hold no CR, LF or NUL (`HTTPSerializer.appendField` sanitises), and no framing field — Content-Length,
/// Transfer-Encoding and Connection are the connection's to write. For a proxy passing a backend's fields on without
/// building an `HTTPHeaders` first.
public typealias HTTPFieldWriter = (inout [UInt8]) -> Void

/// The handle a handler answers a request through: once with `send`, or as a stream with `startStream`/`write`/`end`.
///
/// Callable from any thread or task: calls off the connection's loop hop onto it.
public struct HTTPResponder: @unchecked Sendable {
    // @unchecked Sendable: the stored properties are immutable; the connection is only ever touched on `loop`.
    // A struct of one reference and a number: a request's responder costs no allocation, and a copy one retain.
    private let connection: ServerConnection
    private let exchange: UInt64

    init(connection: ServerConnection, exchange: UInt64) {
        self.connection = connection
        self.exchange = exchange
    }

    /// The connection's loop (immutable, so readable from any thread).
    private var loop: EventLoop { connection.context.loop }

    /// How the server words errors (its `HTTPServerConfiguration.errorFormat`); the router answers 404 and 405 with it.
    public var errorFormat: HTTPErrorFormat { connection.context.configuration.errorFormat }

    /// Sends a whole response. A second answer to the same request is ignored.
    public func send(_ response: HTTPResponse) {
        if loop.inEventLoop {
            connection.respond(exchange: exchange, response)
        } else {
            let connection = self.connection, exchange = self.exchange
            let box = UncheckedBox(connection)
            loop.enqueue { box.value.respond(exchange: exchange, response) }
        }
    }

    /// Sends a whole response whose field lines `writeFields` appends (see `HTTPFieldWriter`). On the connection's loop
    /// the lines go straight to its output; from elsewhere they are written to a buffer first and carried over.
    public func send(status: Int, body: [UInt8], fields writeFields: HTTPFieldWriter) {
        // On the loop the call is direct: no closure context is allocated for the common case.
        if loop.inEventLoop {
            connection.respond(exchange: exchange, status: status, body: body, fields: writeFields)
            return
        }
        carryOver(fields: writeFields) { [exchange] connection, fields in
            connection.respond(exchange: exchange, status: status, body: body, fields: fields)
        }
    }

    /// Starts a streamed response whose field lines `writeFields` appends (see `HTTPFieldWriter`); as
    /// `startStream(status:headers:contentLength:)` otherwise.
    public func startStream(status: Int, contentLength: Int? = nil, fields writeFields: HTTPFieldWriter) {
        if loop.inEventLoop {
            connection.startStream(exchange: exchange, status: status, contentLength: contentLength, fields: writeFields)
            return
        }
        carryOver(fields: writeFields) { [exchange] connection, fields in
            connection.startStream(exchange: exchange, status: status, contentLength: contentLength, fields: fields)
        }
    }

    /// Off the loop: writes the lines to a buffer here and carries `body` over to the loop with them.
    private func carryOver(fields writeFields: HTTPFieldWriter, _ body: @escaping @Sendable (ServerConnection, HTTPFieldWriter) -> Void) {
        var lines: [UInt8] = []
        writeFields(&lines)
        let box = UncheckedBox(connection), written = lines
        loop.enqueue { body(box.value) { $0.append(contentsOf: written) } }
    }

    /// The loop the connection lives on; a handler runs on it, so loop-confined state of that loop is usable there.
    public var eventLoop: EventLoop { loop }

    /// Starts a streamed response; follow with `write` and `end`. With `contentLength` the body is sent as is
    /// (exactly that many bytes must follow); without it, chunked on HTTP/1.1 and until close on HTTP/1.0.
    public func startStream(status: Int, headers: HTTPHeaders, contentLength: Int? = nil) {
        run { $0.startStream(exchange: self.exchange, status: status, headers: headers, contentLength: contentLength) }
    }

    /// Writes a piece of a streamed response.
    public func write(_ bytes: [UInt8]) {
        run { $0.writeStream(exchange: self.exchange, bytes) }
    }

    /// Ends a streamed response.
    public func end() {
        run { $0.endStream(exchange: self.exchange) }
    }

    /// Closes the connection at once, without finishing the response: for a streamed response whose source failed
    /// midway, so the client sees a cut-off message instead of one that looks complete.
    public func abort() {
        run { $0.abortExchange(exchange: self.exchange) }
    }

    private func run(_ body: @escaping @Sendable (ServerConnection) -> Void) {
        if loop.inEventLoop {
            body(connection)
        } else {
            let box = UncheckedBox(connection)
            loop.enqueue { body(box.value) }
        }
    }
}

/// Carries a loop-confined reference into a task that runs on that same loop.
struct UncheckedBox<T>: @unchecked Sendable {
    // @unchecked Sendable: used only to hand a value to a closure that runs on the thread that owns it.
    let value: T
    init(_ value: T) { self.value = value }
}
