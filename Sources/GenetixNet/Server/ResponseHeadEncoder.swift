/// Writes a server response's head into a connection's output: the status line, the handler's field lines, then the
/// fields the connection owns — framing (Content-Length or Transfer-Encoding: chunked), Date and Server, Connection.
enum ResponseHeadEncoder {
    /// Appends the head to `buffer`; `writeFields` appends the handler's lines (see `HTTPFieldWriter`).
    static func encode(status: Int, contentLength: Int?, keepAlive: Bool, version: HTTPVersion, chunked: Bool,
                       context: ServerLoopContext, fields writeFields: HTTPFieldWriter, into buffer: inout [UInt8]) {
        context.appendStatusLine(status, to: &buffer)
        writeFields(&buffer)
        if let contentLength {
            buffer.append(contentsOf: contentLengthPrefix)
            HTTPSerializer.appendDecimal(contentLength, into: &buffer)
            buffer.append(contentsOf: crlf)
        }
        if chunked { buffer.append(contentsOf: transferEncodingChunked) }
        context.appendCommonHeaders(to: &buffer)
        if !keepAlive {
            buffer.append(contentsOf: connectionClose)
        } else if version == .http1_0 {
            buffer.append(contentsOf: connectionKeepAlive)
        }
        buffer.append(contentsOf: crlf)
    }

    /// A handler's `HTTPHeaders` as field lines: any line holding CR, LF or NUL is left out, and so are the framing
    /// fields (Content-Length, Transfer-Encoding, Connection), which the connection writes itself.
    static func appendFields(_ headers: HTTPHeaders, to buffer: inout [UInt8]) {
        let checked = !headers.isWireSafe
        headers.withLines { lines in
            for i in 0..<lines.count {
                switch lines.nameCount(i) {
                case 10 where lines.nameIs(i, "connection"): continue
                case 14 where lines.nameIs(i, "content-length"): continue
                case 17 where lines.nameIs(i, "transfer-encoding"): continue
                default: break
                }
                if checked, !isSafe(lines.name(i)) || !isSafe(lines.value(i)) { continue }
                buffer.append(contentsOf: lines.line(i))
            }
        }
    }

    private static func isSafe(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]
    private static let transferEncodingChunked: [UInt8] = Array("Transfer-Encoding: chunked\r\n".utf8)
    private static let contentLengthPrefix: [UInt8] = Array("Content-Length: ".utf8)
    private static let connectionClose: [UInt8] = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive: [UInt8] = Array("Connection: keep-alive\r\n".utf8)
}
