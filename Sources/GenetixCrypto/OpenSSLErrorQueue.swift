import COpenSSL

/// Reads and clears the calling thread's OpenSSL error queue: the one place that turns OpenSSL's queued errors into
/// text, for the crypto primitives here and for the TLS code in GenetixNet.
public enum OpenSSLErrorQueue {
    /// Every queued error as text joined by "; ", or `fallback` when the queue is empty.
    public static func drain(fallback: String = "no OpenSSL error queued") -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? fallback : messages.joined(separator: "; ")
    }
}
