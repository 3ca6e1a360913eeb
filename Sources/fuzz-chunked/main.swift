import GenetixNet

/// libFuzzer entry for the chunked decoder: the input follows a fixed `Transfer-Encoding: chunked` request head (the
/// first byte picks one of a few heads, one with a trailer-declaring field and one pipelined after a first request),
/// so every execution reaches chunk sizes, extensions, data, CRLFs and trailers. Fed whole and in pseudo-random
/// reads; traps if the decoded body exceeds the limit, a chunked body completes without ever passing the body limit
/// check, `consumed` misbehaves, or split feeding differs from whole-buffer parsing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let heads = [
        "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        "PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\nTrailer: X-Sum\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nokPOST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
    ]
    let prefix = Array(heads[Int(data[0]) % heads.count].utf8)
    let input = prefix + Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 1024)

    func run(_ reads: [ArraySlice<UInt8>]) -> ([String], HTTPParseError?) {
        var parser = HTTPRequestParser(limits: limits)
        var transcript: [String] = []
        var body: [UInt8] = []
        var pending: [UInt8] = []
        do {
            for read in reads {
                pending += read
                var consumed = 0
                while true {
                    let before = consumed
                    let part = try pending.withUnsafeBytes { bytes throws(HTTPParseError) in
                        try parser.next(bytes, consumed: &consumed)
                    }
                    precondition(consumed >= before && consumed <= pending.count, "consumed out of range")
                    guard let part else { break }
                    switch part {
                    case .head(let head):
                        transcript.append("head \(head.method) \(head.target) \(head.framing)")
                    case .body(let bytes):
                        precondition(!bytes.isEmpty, "empty body part")
                        body += bytes
                        precondition(body.count <= limits.maxBodyBytes, "chunked body larger than maxBodyBytes delivered")
                    case .end:
                        transcript.append("body \(body) trailers \(parser.trailers.fields.map { "\($0.name)=\($0.value)" })")
                        body = []
                    }
                }
                pending.removeFirst(consumed)
            }
            try parser.finish()
            return (transcript + ["body \(body)"], nil)
        } catch let error as HTTPParseError {
            precondition(!parser.isIdle, "idle after an error")
            return (transcript, error)
        } catch {
            preconditionFailure("unexpected error type \(error)")
        }
    }

    let whole = run([input[...]])
    var seed = UInt64(size) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(data[0])
    for round in 0..<3 {
        var reads: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < input.count {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = round == 0 ? 1 : Int(seed >> 59) + 1
            let end = min(input.count, offset + length)
            reads.append(input[offset..<end])
            offset = end
        }
        let split = run(reads)
        precondition(split.0 == whole.0 && split.1 == whole.1, "split feeding differs from whole-buffer parsing")
    }
    return 0
}
