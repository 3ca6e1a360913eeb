import GenetixCore

/// Writes HTTP/1.1 message heads and chunks into byte buffers, without Foundation formatting.
///
/// Injection safety: field names keep only token characters (others are dropped; an empty result drops the field);
/// CR, LF and NUL in field values, the reason phrase, the method and the target are replaced by a space, so no caller
/// string can end a line or start a new field. Heads are written with the fields as given, plus the framing field
/// the head's `framing` implies when it is missing (`Content-Length: n` or `Transfer-Encoding: chunked`), and
/// `Connection: close` when `keepAlive` is false and no Connection field is present.
public enum HTTPSerializer {
    /// The chunk that ends a chunked body (no trailers): `0\r\n\r\n`.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// Appends a request line and header block for `head`.
    public static func requestHead(_ head: HTTPRequestHead, into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + estimatedSize(head.headers) + head.target.utf8.count + 64)
        for byte in head.method.utf8 where HTTPByteRules.isToken(byte) { buffer.append(byte) }
        buffer.append(HTTPByteRules.space)
        for byte in head.target.utf8 { buffer.append(byte > 0x20 && byte != 0x7F ? byte : 0x25) }
        buffer.append(HTTPByteRules.space)
        appendVersion(head.version, into: &buffer)
        appendCRLF(into: &buffer)
        appendFields(head.headers, framing: head.framing, keepAlive: head.keepAlive, into: &buffer)
    }

    /// Appends `bytes` as one chunk (`size-in-hex CRLF bytes CRLF`); nothing for empty `bytes`, which would end the body.
    public static func chunk(_ bytes: some Collection<UInt8>, into buffer: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        buffer.reserveCapacity(buffer.count + count + 20)
        appendHex(count, into: &buffer)
        appendCRLF(into: &buffer)
        buffer.append(contentsOf: bytes)
        appendCRLF(into: &buffer)
    }

    private static func appendFields(_ headers: HTTPHeaders, framing: HTTPBodyFraming, keepAlive: Bool,
                                     into buffer: inout [UInt8]) {
        var hasLength = false, hasEncoding = false, hasConnection = false
        headers.withLines { lines in
            for i in 0..<lines.count {
                if headers.isWireSafe {
                    buffer.append(contentsOf: lines.line(i))
                } else {
                    appendField(lines.name(i), lines.value(i), into: &buffer)
                }
                switch lines.nameCount(i) {
                case 14 where lines.nameIs(i, "content-length"): hasLength = true
                case 17 where lines.nameIs(i, "transfer-encoding"): hasEncoding = true
                case 10 where lines.nameIs(i, "connection"): hasConnection = true
                default: break
                }
            }
        }
        switch framing {
        case .contentLength(let length) where !hasLength && !hasEncoding:
            buffer.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(length, into: &buffer)
            appendCRLF(into: &buffer)
        case .chunked where !hasEncoding:
            buffer.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        default:
            break
        }
        if !keepAlive && !hasConnection { buffer.append(contentsOf: "Connection: close\r\n".utf8) }
        appendCRLF(into: &buffer)
    }

    /// Appends one field line, `name: value` and CRLF: the name keeps only token characters (a name left empty writes
    /// nothing), CR, LF and NUL in the value become spaces. For writers of heads outside this type (the balancer's
    /// forwarded request), so every head the engine sends is sanitised the same way.
    @inlinable @inline(__always)
    public static func appendField(_ name: String, _ value: String, into buffer: inout [UInt8]) {
        var name = name, value = value
        name.withUTF8 { n in
            value.withUTF8 { v in appendField(UnsafeRawBufferPointer(n), UnsafeRawBufferPointer(v), into: &buffer) }
        }
    }

    /// `appendField` over bytes.
    @inlinable @inline(__always)
    public static func appendField(_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, into buffer: inout [UInt8]) {
        let start = buffer.count
        // Nearly every name is all token characters: checked first, then copied in one piece.
        if name.allSatisfy(HTTPByteRules.isToken) {
            buffer.append(contentsOf: name)
        } else {
            for byte in name where HTTPByteRules.isToken(byte) { buffer.append(byte) }
        }
        guard buffer.count > start else { return }
        buffer.append(0x3A)  // byte literals, not HTTPByteRules' constants: this body is inlined into other modules
        buffer.append(0x20)
        appendSanitized(value, into: &buffer)
        appendCRLF(into: &buffer)
    }

    /// Whether `byte` is a token character (`tchar`, RFC 9110 §5.6.2), as allowed in a method or field name.
    @inlinable @inline(__always)
    public static func isToken(_ byte: UInt8) -> Bool { HTTPByteRules.isToken(byte) }

    /// Appends a field value's bytes with CR, LF and NUL replaced by spaces.
    @inlinable @inline(__always)
    public static func appendSanitized(_ bytes: UnsafeRawBufferPointer, into buffer: inout [UInt8]) {
        // Checked first, then copied in one piece: byte-by-byte appends were a visible share of the proxy's loop.
        if !bytes.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            buffer.append(contentsOf: bytes)
            return
        }
        for byte in bytes { buffer.append(byte == 0x0D || byte == 0x0A || byte == 0 ? 0x20 : byte) }
    }

    @inline(__always)
    private static func appendVersion(_ version: HTTPVersion, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/".utf8)
        buffer.append(UInt8(0x30 + min(max(version.major, 0), 9)))
        buffer.append(0x2E)
        buffer.append(UInt8(0x30 + min(max(version.minor, 0), 9)))
    }

    @usableFromInline @inline(__always)
    static func appendCRLF(into buffer: inout [UInt8]) {
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// Appends a non-negative decimal number (negative values are written as 0), without a String.
    @inlinable
    public static func appendDecimal(_ value: Int, into buffer: inout [UInt8]) {
        NumberText.appendDecimal(max(value, 0), to: &buffer)
    }

    private static func appendHex(_ value: Int, into buffer: inout [UInt8]) {
        NumberText.appendDigits(UInt64(max(value, 0)), radix: 16, to: &buffer)
    }

    private static func estimatedSize(_ headers: HTTPHeaders) -> Int {
        headers.withLines { $0.bytes.count }
    }
}
