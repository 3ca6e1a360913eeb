import GenetixNet

/// libFuzzer entry: feeds the request parser the input in one piece and in pseudo-random reads (derived from the
/// input, so a crash reproduces), and traps if an invariant breaks: `consumed` never goes backwards or past the
/// bytes given, parsing never yields parts after an error, and split feeding gives exactly the whole-buffer result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 1024)

    /// Parts (with bodies merged between heads and ends) and the error, as a comparable transcript.
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
                    case .head(let head): transcript.append("head \(head)")
                    case .body(let bytes):
                        precondition(!bytes.isEmpty, "empty body part")
                        body += bytes
                    case .end:
                        transcript.append("body \(body) trailers \(parser.trailers.fields.map { "\($0.name)=\($0.value)" })")
                        transcript.append("end")
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
    var seed = UInt64(size) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(input.first ?? 0)
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
