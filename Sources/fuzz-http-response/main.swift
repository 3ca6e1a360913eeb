import GenetixNet

/// libFuzzer entry for the client-side response parser. The first byte picks the method the response answers (GET,
/// HEAD or CONNECT, so no-body and tunnel rules are reached); the rest is the response stream. It is fed whole and in
/// pseudo-random reads derived from the input, then `finish()` is called as on EOF. Traps if `consumed` goes
/// backwards or past the bytes given, a body part is empty, a body exceeds the limit, or split feeding differs from
/// whole-buffer parsing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let methods = ["GET", "HEAD", "CONNECT", "POST"]
    let method = methods[Int(data[0]) % methods.count]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 1024)

    /// Parts (bodies merged per response) and the error, as a comparable transcript.
    func run(_ reads: [ArraySlice<UInt8>]) -> ([String], HTTPParseError?) {
        var parser = HTTPResponseParser(limits: limits)
        parser.expectResponse(toMethod: method)
        parser.expectResponse(toMethod: "GET")
        var transcript: [String] = []
        var body: [UInt8] = []
        var pending: [UInt8] = []
        func drain() throws {
            var consumed = 0
            while true {
                let before = consumed
                let part = try pending.withUnsafeBytes { bytes throws(HTTPParseError) in
                    try parser.next(bytes, consumed: &consumed)
                }
                precondition(consumed >= before && consumed <= pending.count, "consumed out of range")
                guard let part else { break }
                switch part {
                case .head(let head): transcript.append("head \(head)")
                case .body(let bytes):
                    precondition(!bytes.isEmpty, "empty body part")
                    body += bytes
                    precondition(body.count <= limits.maxBodyBytes, "body larger than maxBodyBytes delivered")
                case .end:
                    transcript.append("body \(body) trailers \(parser.trailers.fields.map { "\($0.name)=\($0.value)" })")
                    transcript.append("end")
                    body = []
                }
            }
            pending.removeFirst(consumed)
        }
        do {
            for read in reads {
                pending += read
                try drain()
            }
            try parser.finish()
            try drain()
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
